/** How the image starts the service (see image-command.js). */
export function imageCommand(dockerfile?: string): { nodeOptions: string; nodeArgs: string[] };
