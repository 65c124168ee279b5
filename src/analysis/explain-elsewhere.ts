/**
 * Smallest edits to a file that other targets also build (a kustomize base shared by overlays): what
 * each edit opens in those targets too, so "opens nothing else" is never said of an edit that opens
 * paths in another cluster model (fresh-user trial 27, P8). Each other target's policies written at the
 * edit's place get the same edit (smallest-edits.ts `editsOpenIn`), as re-rendering it with the edited
 * file would; at most `MAX_TARGETS` other targets are evaluated per answer (each costs one connectivity
 * computation per edit), the rest are named as not evaluated.
 */
import type { Connectivity, Direction, Edit, EditElsewhere } from '../engine/index.js';
import { computeConnectivity, editsOpenIn } from '../engine/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { displayPeer } from '../report/peer-label.js';
import { connText } from '../report/mismatch-text.js';
import { peerLabelsAdded } from './peer-labels-added.js';
import type { SideAnswer } from './explain-run.js';
import { pathText } from '../util/path-arrow.js';

export const MAX_TARGETS = 8;

/** Another target by name and the files it builds (head's, as explain reads them). */
export interface OtherTarget {
  readonly name: string;
  readonly files: readonly ManifestFile[];
}

/** `answer` with each edit's `elsewhere` set when some other target builds the edited file; unchanged otherwise. */
export function withEditsElsewhere(answer: SideAnswer, own: string, others: readonly OtherTarget[]): SideAnswer {
  if (answer.kind !== 'explained' || answer.edits.size === 0 || others.length === 0) return answer;
  const loaded = new Map<string, { conn: Connectivity; built: ReturnType<typeof peerLabelsAdded> } | null>();
  const load = (t: OtherTarget) => {
    if (!loaded.has(t.name)) {
      const { cluster, diagnostics } = loadManifests(t.files);
      loaded.set(t.name, { conn: computeConnectivity(cluster), built: peerLabelsAdded(diagnostics) });
    }
    return loaded.get(t.name)!;
  };
  const firsts = [...answer.edits.entries()].flatMap(([d, es]) => (es.length ? [[d, es[0]] as const] : []));
  const edits = new Map<Direction, readonly Edit[]>();
  for (const [direction, list] of answer.edits) {
    edits.set(
      direction,
      list.map((e) => {
        const building = others.filter((t) => t.files.some((f) => builds(f, e.ref.file)));
        if (building.length === 0) return e;
        // The other direction's first edit goes along: the asked traffic needs both.
        const along = [e, ...firsts.filter(([d]) => d !== direction).map(([, x]) => x)];
        const targets: EditElsewhere['targets'][number][] = [];
        for (const t of building.slice(0, MAX_TARGETS)) {
          const { conn, built } = load(t);
          const opened = editsOpenIn(conn, along, undefined, built);
          if (opened === null) continue;
          targets.push({ target: t.name, file: e.ref.file, alsoOpens: opened.length, sample: opened.slice(0, 3).map((p) => `${pathText(displayPeer(p.src), displayPeer(p.dst))} on ${connText(p.opened!)}`) });
        }
        const notEvaluated = building.slice(MAX_TARGETS).map((t) => t.name);
        if (targets.length === 0 && notEvaluated.length === 0) return e;
        return { ...e, elsewhere: { own, targets, notEvaluated, limit: MAX_TARGETS } };
      }),
    );
  }
  return { ...answer, edits };
}

/** Whether `f` is the file at `path`, or rendered text with a line from it. */
function builds(f: ManifestFile, path: string): boolean {
  return f.path === path || (f.sourceLines?.some((r) => r.file === path) ?? false);
}
