import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<number> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports' || message.ruleId === 'no-restricted-properties').length;
}

describe('the one-way import rule of CONVENTIONS.md', () => {
  it.each([
    ['src/analytics/x.ts', "import { Params } from '../db/sql';\nexport const p = Params;\n"],
    ['src/analytics/x.ts', "import { DataSource } from 'typeorm';\nexport const d = DataSource;\n"],
    ['src/analytics/x.ts', 'export const t = Date.now();\n'],
    ['src/entities/x.ts', "import { Params } from '../db/sql';\nexport const p = Params;\n"],
    ['src/services/x.ts', "import { resolvers } from '../resolvers';\nexport const r = resolvers;\n"],
    ['src/db/x.ts', "import { createApp } from '../server';\nexport const c = createApp;\n"],
    ['src/resolvers/x.ts', "import { Params } from '../db/sql';\nexport const p = Params;\n"],
  ])('rejects %s importing across layers (%#)', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toBeGreaterThan(0);
  });

  it.each([
    ['src/analytics/x.ts', "import { labelForSentiment } from './sentiment-label';\nexport const l = labelForSentiment;\n"],
    ['src/services/x.ts', "import { Params } from '../db/sql';\nexport const p = Params;\n"],
    ['src/resolvers/x.ts', "import { requireId } from '../services/validation';\nexport const r = requireId;\n"],
  ])('allows %s importing downwards (%#)', async (filePath, code) => {
    expect(await restrictedImports(filePath, code)).toBe(0);
  });
});
