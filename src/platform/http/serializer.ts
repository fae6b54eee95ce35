import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Responses are written by fast-json-stringify (Fastify's own serializer), compiled from
 * the JSON Schema of each route's zod response schema — the same schema OpenAPI shows.
 * Compared with re-validating every response through zod, this is several times faster on
 * list endpoints, and it still writes only the properties the schema declares, so a
 * presenter can never leak an undeclared column.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const jsonSchema = z.toJSONSchema(schema, {
    io: 'output',
    target: 'draft-7',
    unrepresentable: 'any',
    override: (ctx) => {
      // Dates leave as ISO 8601 strings; fast-json-stringify calls toISOString for date-time.
      if (ctx.zodSchema._zod.def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  });
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]);
};
