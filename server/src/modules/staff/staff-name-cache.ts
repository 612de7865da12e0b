/**
 * Staff display names by id, for presenting archives and lists. Renames through this
 * process take effect at once (staff.service invalidates); other instances within a minute.
 */
const TTL_MS = 60_000;
const entries = new Map<string, { name: string; expires: number }>();

export const staffNameCache = {
  peek(id: string): string | undefined {
    const hit = entries.get(id);
    return hit && hit.expires > Date.now() ? hit.name : undefined;
  },
  set(id: string, name: string): void {
    if (entries.size > 10_000) entries.clear();
    entries.set(id, { name, expires: Date.now() + TTL_MS });
  },
  invalidate(id: string): void {
    entries.delete(id);
  }
};
