// Validates an OpenAPI document with an independent validator
// (@apidevtools/swagger-parser, from npm: package.json) and prints its
// operations, one "METHOD /path STATUS..." a line, for api_test.py to
// compare with the routes that answer.
//   node tests/http/validate_openapi.mjs FILE
import SwaggerParser from "@apidevtools/swagger-parser";

const file = process.argv[2];
try {
  const api = await SwaggerParser.validate(file);
  const methods = new Set(["get", "put", "post", "patch", "delete"]);
  for (const [path, item] of Object.entries(api.paths)) {
    // A path item's other keys (parameters, summary...) are not operations.
    const operations = Object.entries(item).filter(([key]) => methods.has(key));
    for (const [method, operation] of operations)
      console.log([method.toUpperCase(), path, ...Object.keys(operation.responses)].join(" "));
  }
} catch (error) {
  console.error(`${file}: ${error.message}`);
  process.exit(1);
}
