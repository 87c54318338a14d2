/** .env files → EnvFile, and their secret-looking literal values → SecretValue. */
import { parseDotenv } from '../../parsers/dotenv.js';
import { isPlaceholderValue, looksLikeSecretName } from '../secret-names.js';
import type { BuildState } from './state.js';

export function lift({ model, of }: BuildState): void {
  for (const f of of('dotenv')) {
    const env = parseDotenv(f);
    model.envFiles.push(env);
    for (const e of env.entries) {
      if (looksLikeSecretName(e.name) && !isPlaceholderValue(e.value)) model.secrets.push({ name: e.name, value: e.value, origin: 'dotenv', location: e.valueLocation });
    }
  }
}
