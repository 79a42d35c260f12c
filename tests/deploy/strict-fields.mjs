// Unknown-field detection. kubernetes-models' validators come from the Kubernetes OpenAPI definitions,
// which do not forbid extra properties, so a misspelt "readinesProbe" would pass them; the API server
// rejects it (strict field validation, kubectl's default). The package's TypeScript declarations list
// every field of every object, so this walks them beside the manifest and names any field they lack.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const shapes = new Map();

/** The declared fields of the model in a .d.ts file: name -> type text, or null for a leaf type. */
function shapeOf(declarationFile) {
  if (shapes.has(declarationFile)) return shapes.get(declarationFile);
  const text = readFileSync(declarationFile, "utf8").replace(/\/\*\*[\s\S]*?\*\//g, "");
  const imports = new Map();
  for (const m of text.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)) imports.set(m[1], m[2]);
  const head = text.match(/export interface \w+(?: extends [\w, ]+)? \{/);
  let shape = null;
  if (head) {
    const fields = new Map();
    for (const segment of topLevelMembers(text, head.index + head[0].length)) {
      const m = segment.match(/^"([^"]+)"\??:\s*([\s\S]+)$/);
      if (m) fields.set(m[1], m[2].trim());
    }
    shape = { fields, imports, file: declarationFile };
  }
  shapes.set(declarationFile, shape);
  return shape;
}

/** The members of the interface body that starts at `start`, split at semicolons outside nested braces. */
function topLevelMembers(text, start) {
  const members = [];
  let depth = 0, current = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "}" && depth === 0) break;
    if (c === "{") depth++;
    if (c === "}") depth--;
    if (c === ";" && depth === 0) { members.push(current.trim()); current = ""; }
    else current += c;
  }
  return members;
}

function declarationOf(specifier, fromFile) {
  const js = specifier.startsWith(".")
    ? resolve(dirname(fromFile), specifier)
    : fileURLToPath(import.meta.resolve(specifier));
  return js.replace(/\.js$/, "") + ".d.ts";
}

/** Problems ("path: unknown field") for every field of `value` that the declared type lacks. */
export function unknownFields(value, modelModule, kind) {
  const file = declarationOf(`${modelModule}/${kind}`, import.meta.filename);
  const problems = [];
  checkObject(value, shapeOf(file), "", problems);
  return problems;
}

function checkObject(value, shape, path, problems) {
  if (!shape || value === null || typeof value !== "object" || Array.isArray(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const type = shape.fields.get(key);
    if (type === undefined) problems.push(`${path}/${key}: unknown field`);
    else checkType(child, type, shape, `${path}/${key}`, problems);
  }
}

function checkType(value, type, owner, path, problems) {
  const array = type.match(/^Array<(\w+)>$/);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => checkType(item, array[1], owner, `${path}/${i}`, problems));
    return;
  }
  const map = type.match(/^\{\s*\[key: string\]:\s*(\w+);?\s*\}$/);
  if (map) {
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) checkType(v, map[1], owner, `${path}/${k}`, problems);
    return;
  }
  const specifier = owner.imports.get(type);
  if (specifier) checkObject(value, shapeOf(declarationOf(specifier, owner.file)), path, problems);
}
