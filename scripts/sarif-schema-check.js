// Validates SARIF files against the official SARIF 2.1.0 JSON schema with the
// `jsonschema` npm library (what github/codeql-action's upload step uses).
// Usage: NODE_PATH=<dir with node_modules> node sarif-schema-check.js SCHEMA FILE...
// Prints one line per file: "ok FILE" or "invalid FILE: <error>" (one line per
// error); exits 1 when any file is invalid.
"use strict";
const fs = require("fs");
const { Validator } = require("jsonschema");

const [schemaPath, ...files] = process.argv.slice(2);
const schema = JSON.parse(fs.readFileSync(schemaPath, "utf8"));
let failed = 0;
for (const file of files) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (e) {
    console.log(`invalid ${file}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  const result = new Validator().validate(doc, schema);
  if (result.errors.length === 0) {
    console.log(`ok ${file}`);
  } else {
    failed++;
    for (const err of result.errors) {
      console.log(`invalid ${file}: ${err.property} ${err.message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
