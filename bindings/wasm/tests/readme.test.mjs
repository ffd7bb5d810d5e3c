// Every TypeScript snippet of the package README works as written: each ```ts node block is
// compiled by `tsc --strict` with Node's resolution (`nodenext`: the `node` condition, no default
// export) and then run under Node; each ```ts browser block is compiled with a bundler's
// resolution (`bundler`: the `web` build, with its default `init`). The snippets import the
// package by its name, as an app would, so the `exports` map and both `.d.ts` are tested too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const PKG = fileURLToPath(new URL("../", import.meta.url));
const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");
// Inside the package, so that `import … from "waystation"` resolves to the package itself.
const WORK = `${PKG}.readme-snippets`;
const TSC = `${PKG}node_modules/.bin/tsc`;

function snippets(kind) {
  const found = [];
  const fence = new RegExp("```ts " + kind + "\\n([\\s\\S]*?)```", "g");
  for (const m of README.matchAll(fence)) found.push(m[1]);
  return found;
}

function compile(dir, files, resolution) {
  writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({
    compilerOptions: {
      strict: true, target: "es2022", module: resolution === "bundler" ? "esnext" : "nodenext",
      moduleResolution: resolution, lib: ["esnext", "dom"], types: [], skipLibCheck: false,
      noEmit: resolution === "bundler", outDir: ".", rootDir: ".",
    },
    files,
  }));
  try {
    execFileSync(TSC, ["-p", `${dir}/tsconfig.json`], { encoding: "utf8" });
  } catch (e) {
    assert.fail(`tsc (${resolution}) rejects a README snippet:\n${e.stdout}${e.stderr}`);
  }
}

/** Writes the README's `kind` snippets to files and compiles them with `resolution`. */
function compiled(kind, resolution) {
  const blocks = snippets(kind);
  const dir = `${WORK}/${kind}`;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = blocks.map((code, i) => { writeFileSync(`${dir}/snippet${i}.ts`, code); return `snippet${i}.ts`; });
  compile(dir, files, resolution);
  return { blocks, dir };
}

test("README: the Node snippets compile and run", () => {
  const { blocks, dir } = compiled("node", "nodenext");
  assert.ok(blocks.length >= 1, "the README has a Node example");
  for (const [i] of blocks.entries()) {
    const out = execFileSync(process.execPath, [`${dir}/snippet${i}.js`], { encoding: "utf8" });
    if (i === 0) {
      assert.match(out, /not_found station 没有找到这个驿站/);
      assert.match(out, /营业中|休息中/);
    }
  }
  rmSync(WORK, { recursive: true, force: true });
});

test("README: the browser snippets compile against the web build", () => {
  const { blocks } = compiled("browser", "bundler");
  assert.ok(blocks.length >= 2, "the README has browser examples");
  rmSync(WORK, { recursive: true, force: true });
});

test("README: no untested TypeScript block", () => {
  const all = [...README.matchAll(/```(ts|js|typescript|javascript)([^\n]*)\n/g)];
  for (const m of all) assert.match(m[2], /^ (node|browser)$/, `a \`\`\`${m[1]}${m[2]} block is neither node nor browser`);
});
