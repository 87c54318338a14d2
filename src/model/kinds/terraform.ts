/** Terraform files → TerraformFile (attributes with locations). */
import { parseTerraform } from '../../parsers/terraform.js';
import type { BuildState } from './state.js';

export function lift({ model, of }: BuildState): void {
  for (const f of of('terraform')) model.terraform.push(parseTerraform(f));
}
