/**
 * Stage lineage of a multi-stage Dockerfile: which stages end up in the
 * shipped image, which stage a `FROM`/`COPY --from` names, and what a stage
 * inherits (ENV) from the stages it is built on.
 */
import type { BuildStage, CommandInstruction, ImageBuild } from './types.js';

/** The stage and the stages it is built `FROM`, from the root stage down to the stage itself. */
export function stageLineage(stage: BuildStage): BuildStage[] {
  const out: BuildStage[] = [];
  for (let s: BuildStage | undefined = stage; s; s = s.parentStage) out.unshift(s);
  return out;
}

/**
 * The stages whose filesystem ends up in the shipped image, final stage first:
 * the final stage and the stages it is built `FROM` (`FROM base AS runtime`).
 * Builder stages that are only copied from are not part of it.
 */
export function finalLineage(build: ImageBuild): BuildStage[] {
  return build.finalStage ? stageLineage(build.finalStage).reverse() : [];
}

/** A stage reference (`COPY --from=`, `--mount from=`): an earlier stage by name (case-insensitive) or index. */
export function findStage(build: ImageBuild, ref: string, before: number): BuildStage | undefined {
  const lower = ref.toLowerCase();
  if (/^\d+$/.test(ref)) {
    const i = Number(ref);
    return i < before ? build.stages[i] : undefined;
  }
  return build.stages.find((s) => s.index < before && s.name?.value.toLowerCase() === lower);
}

/** The value of ENV `name` in a stage: its own, else inherited from the stages it is built on. */
export function envOf(stage: BuildStage, name: string): string | undefined {
  let value: string | undefined;
  for (const s of stageLineage(stage)) for (const e of s.env) if (e.name === name) value = e.value;
  return value;
}

export interface StageCommand {
  /** The ENTRYPOINT in force and the stage of the lineage that sets it. */
  entrypoint?: { stage: BuildStage; instruction: CommandInstruction };
  /** The CMD in force; one inherited from a stage above the ENTRYPOINT's is reset by it, as Docker does. */
  cmd?: { stage: BuildStage; instruction: CommandInstruction };
}

/** The ENTRYPOINT and CMD a stage runs with: its own, else the nearest stage it is built on. */
export function stageCommand(stage: BuildStage): StageCommand {
  const lineage = stageLineage(stage).reverse();
  const entryAt = lineage.findIndex((s) => s.entrypoint);
  const cmdAt = lineage.findIndex((s) => s.cmd);
  const out: StageCommand = {};
  if (entryAt !== -1) out.entrypoint = { stage: lineage[entryAt]!, instruction: lineage[entryAt]!.entrypoint! };
  if (cmdAt !== -1 && (entryAt === -1 || cmdAt <= entryAt)) out.cmd = { stage: lineage[cmdAt]!, instruction: lineage[cmdAt]!.cmd! };
  return out;
}
