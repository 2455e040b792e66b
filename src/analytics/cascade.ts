/** A mention of a reshare/reply cascade, with what its author contributed. */
export interface CascadeMember {
  id: string;
  externalId: string;
  sharedFrom: string | null;
  inReplyTo: string | null;
  authorId: string;
  owned: boolean;
  reach: number;
  engagement: number;
  sentiment: number;
  sentimentLabel: string;
}

export interface AuthorImpact {
  influencerId: string;
  mentions: number;
  reach: number;
  engagement: number;
  averageSentiment: number;
  positiveReach: number;
  negativeReach: number;
  shareOfReach: number | null;
}

export interface CascadeSummary {
  size: number;
  /** The most reshare/reply steps any member is from the root, each member at its shortest distance. */
  depth: number;
  amplifiers: AuthorImpact[];
}

/**
 * Size, depth and amplifiers of a cascade (all members share one organization and platform). Depth is found
 * breadth-first, so each mention counts once at its shortest distance and cycles end. Amplifiers are the
 * authors of the audience mentions below the root, by reach, then mentions, then id.
 */
export function summarizeCascade(members: readonly CascadeMember[], rootId: string, first: number): CascadeSummary {
  const children = new Map<string, CascadeMember[]>();
  for (const member of members) {
    for (const parent of new Set([member.sharedFrom, member.inReplyTo])) {
      if (parent === null) continue;
      const list = children.get(parent) ?? [];
      list.push(member);
      children.set(parent, list);
    }
  }
  const root = members.find((member) => member.id === rootId);
  if (!root) return { size: 0, depth: 0, amplifiers: [] };
  const distance = new Map<string, number>([[root.id, 0]]);
  let frontier = [root];
  let depth = 0;
  while (frontier.length > 0) {
    const next: CascadeMember[] = [];
    for (const member of frontier) {
      for (const child of children.get(member.externalId) ?? []) {
        if (distance.has(child.id)) continue;
        distance.set(child.id, depth + 1);
        next.push(child);
      }
    }
    if (next.length > 0) depth += 1;
    frontier = next;
  }
  const below = members.filter((member) => member.id !== rootId && distance.has(member.id) && !member.owned);
  const totalReach = below.reduce((sum, member) => sum + member.reach, 0);
  const byAuthor = new Map<string, CascadeMember[]>();
  for (const member of below) byAuthor.set(member.authorId, [...(byAuthor.get(member.authorId) ?? []), member]);
  const amplifiers = [...byAuthor.entries()].map(([influencerId, posts]): AuthorImpact => {
    const reachOf = (label: string) => posts.filter((post) => post.sentimentLabel === label).reduce((sum, post) => sum + post.reach, 0);
    const reach = posts.reduce((sum, post) => sum + post.reach, 0);
    return {
      influencerId,
      mentions: posts.length,
      reach,
      engagement: posts.reduce((sum, post) => sum + post.engagement, 0),
      averageSentiment: posts.reduce((sum, post) => sum + post.sentiment, 0) / posts.length,
      positiveReach: reachOf('POSITIVE'),
      negativeReach: reachOf('NEGATIVE'),
      shareOfReach: totalReach === 0 ? null : reach / totalReach,
    };
  });
  amplifiers.sort((a, b) => b.reach - a.reach || b.mentions - a.mentions || (a.influencerId < b.influencerId ? -1 : 1));
  return { size: distance.size, depth, amplifiers: amplifiers.slice(0, first) };
}
