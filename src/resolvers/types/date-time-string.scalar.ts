import { GraphQLScalarType, Kind } from 'graphql';

/**
 * A date-time inside batch inputs. It is checked per item (ISO 8601 with Z or an offset), so one bad value
 * rejects only its item instead of the whole batch, as a DateTime would.
 */
export const DateTimeString = new GraphQLScalarType({
  name: 'DateTimeString',
  description: 'ISO 8601 date-time with Z or an offset, e.g. "2026-11-20T06:00:00+07:00"; checked per item in batches.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)),
  parseLiteral: (ast) => (ast.kind === Kind.STRING || ast.kind === Kind.INT ? ast.value : ''),
});
