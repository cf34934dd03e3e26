import { BROADWORKS_WIRE_FIELDS } from '../broadworks/broadworks.wire';
import { WHOLESALE_WIRE_FIELDS } from '../wholesale/wholesale.wire';
import { loadSpec, schemaOf } from '../../test/support/webex-spec';

/** The hand-written wire types (mirrored by *_WIRE_FIELDS) against Cisco's schemas, key for key. */
describe('Webex wire types match the OpenAPI specs', () => {
  const cases = [
    ...Object.entries(BROADWORKS_WIRE_FIELDS).map(
      ([name, fields]) => ['broadworks', name, fields] as const,
    ),
    ...Object.entries(WHOLESALE_WIRE_FIELDS)
      .filter(([name]) => name !== 'CreateBody')
      .map(([name, fields]) => ['wholesale', name, fields] as const),
  ];

  it.each(cases)('%s %s', (family, name, fields) => {
    expect(Object.keys(fields).sort()).toEqual(
      Object.keys(schemaOf(family, name).properties ?? {}).sort(),
    );
  });

  it('wholesale create body', () => {
    const post = loadSpec('wholesale').paths['/wholesale/billing/reports'].post as {
      requestBody: { content: { 'application/json': { schema: { properties: object } } } };
    };
    const properties = post.requestBody.content['application/json'].schema.properties;
    expect(Object.keys(WHOLESALE_WIRE_FIELDS.CreateBody).sort()).toEqual(
      Object.keys(properties).sort(),
    );
  });
});
