// Validates every manifest in a folder: node validate.mjs <folder>
// Each object against the Kubernetes API schemas (kubernetes-models, generated from the official OpenAPI
// definitions), no field the API does not define, the project's policy (policy.mjs), and the
// kustomization listing every manifest but the examples. Prints one line per object; exit 1 on any problem.
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { unknownFields } from "./strict-fields.mjs";
import { checkObject } from "./policy.mjs";

const folder = process.argv[2];
if (!folder) { console.error("usage: node validate.mjs <folder>"); process.exit(2); }

const files = readdirSync(folder).filter(f => /\.ya?ml$/.test(f)).sort();
let failures = 0, objects = 0;
const fail = (where, problem) => { failures++; console.log(`FAIL ${where}: ${problem}`); };

for (const file of files) {
  const documents = parseAllDocuments(readFileSync(join(folder, file), "utf8"));
  for (const doc of documents) {
    if (doc.errors.length > 0) { fail(file, doc.errors[0].message); continue; }
    const object = doc.toJS();
    if (object === null) continue;
    objects++;
    const where = `${file} ${object.kind}/${object.metadata?.name ?? "?"}`;
    const problems = object.kind === "Kustomization" ? kustomization(object, file) : await validate(object, file);
    if (problems.length === 0) console.log(`ok   ${where}`);
    for (const problem of problems) fail(where, problem);
  }
}

async function validate(object, file) {
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") return ["apiVersion and kind are required"];
  // Core objects ("v1") and named groups ("apps/v1") are both module paths of kubernetes-models.
  const modelModule = `kubernetes-models/${object.apiVersion}`;
  let Model;
  try {
    Model = (await import(modelModule))[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) return [`${object.apiVersion} ${object.kind} is not a Kubernetes API type`];
  const problems = [];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(error.message);
  }
  problems.push(...unknownFields(object, modelModule, object.kind));
  if (object.kind === "Secret" && !file.endsWith(".example.yaml"))
    problems.push("a Secret may only be shipped as an example (*.example.yaml); real values come from the cluster's secret store");
  problems.push(...checkObject(object));
  return problems;
}

function kustomization(k, file) {
  const listed = new Set(k.resources ?? []);
  const problems = [...listed].filter(r => !existsSync(join(folder, r))).map(r => `resource ${r} does not exist`);
  for (const f of files)
    if (f !== file && !f.endsWith(".example.yaml") && !listed.has(f)) problems.push(`${f} is not listed in resources`);
  for (const f of listed) if (f.endsWith(".example.yaml")) problems.push(`${f} is an example and must not be applied`);
  return problems;
}

console.log(`${objects} objects in ${files.length} files, ${failures} problems`);
if (objects === 0) { console.log("FAIL no manifests found"); process.exit(1); }
process.exit(failures === 0 ? 0 : 1);
