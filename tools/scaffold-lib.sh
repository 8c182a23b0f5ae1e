#!/usr/bin/env bash
# Scaffolds a pure TypeScript lib: tools/scaffold-lib.sh <name> <type-tag> [<kind: lib|app>]
set -euo pipefail
name=$1; tag=$2; kind=${3:-lib}
dir=${kind}s/$name
[ "$kind" = tool ] && dir=tools/$name
mkdir -p "$dir/src"
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "sourceRoot": "$dir/src",
  "projectType": "$( [ "$kind" = lib ] && echo library || echo application )",
  "tags": ["type:$tag"],
  "targets": {
    "lint": { "executor": "nx:run-commands", "options": { "command": "eslint $dir/src --max-warnings 0" } },
    "typecheck": {
      "executor": "nx:run-commands",
      "options": { "command": "tsc -p $dir/tsconfig.json --noEmit" }
    },
    "test": {
      "executor": "nx:run-commands",
      "options": { "command": "vitest run --config $dir/vitest.config.mts" }
    }
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "include": ["src/**/*.ts"]
}
JSON
cat > "$dir/vitest.config.mts" <<TS
import { projectConfig } from '../../vitest.shared.mts';

export default projectConfig('$dir');
TS
