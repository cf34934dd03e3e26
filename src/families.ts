import { BROADWORKS } from './broadworks/broadworks.family';
import { FamilyDescriptor } from './reports/family-descriptor';
import { WHOLESALE } from './wholesale/wholesale.family';

/** The report families the service serves: to add one, add its folder and its descriptor here. */
export const FAMILIES: readonly FamilyDescriptor[] = [BROADWORKS, WHOLESALE];
