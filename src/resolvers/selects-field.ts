import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Whether the client selected `name` directly under this field (through fragments too). */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const search = (selectionSet: SelectionSetNode | undefined): boolean =>
    (selectionSet?.selections ?? []).some((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === name;
      if (selection.kind === Kind.INLINE_FRAGMENT) return search(selection.selectionSet);
      const fragmentName = selection.name.value;
      if (visited.has(fragmentName)) return false;
      visited.add(fragmentName);
      return search(info.fragments[fragmentName]?.selectionSet);
    });
  return info.fieldNodes.some((node) => search(node.selectionSet));
}
