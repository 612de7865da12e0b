import { SandboxControlError } from '../errors';
import { keywordType } from '../keywords';

/** The sandbox's changeable settings: subscribe templates, released pages, the send rate. */

export interface SandboxConfigPatch {
  /** null removes the limit. */
  ratePerSecond?: number | null;
  /** null stops checking pages. */
  pages?: string[] | null;
  /** Replaces the template table. */
  templates?: Record<string, string[]>;
}

export interface SandboxConfig {
  appid: string;
  templates: Record<string, string[]>;
  pages?: string[];
  ratePerSecond?: number;
  qrPayloadBase: string;
}

export function validateTemplates(templates: Record<string, string[]>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const [id, keywords] of Object.entries(templates)) {
    if (!Array.isArray(keywords) || keywords.length === 0) {
      throw new SandboxControlError(`template ${id}: give a non-empty list of keywords`);
    }
    for (const k of keywords) {
      if (typeof k !== 'string' || !keywordType(k)) {
        throw new SandboxControlError(`template ${id}: unknown keyword type in "${String(k)}"`);
      }
    }
    map.set(id, [...keywords]);
  }
  return map;
}

export function validatePages(pages: string[]): string[] {
  if (!Array.isArray(pages) || pages.some((p) => typeof p !== 'string' || p === '' || p.startsWith('/'))) {
    throw new SandboxControlError('pages: give paths like "pages/index/index" (no leading slash)');
  }
  return [...pages];
}

export function validateRate(rate: number): number {
  if (!Number.isFinite(rate) || rate <= 0)
    throw new SandboxControlError('ratePerSecond must be a positive number');
  return rate;
}
