import { Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { Page } from '../../services/pagination';

@ObjectType()
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page; null on an empty page.' })
  endCursor: string | null;
}

export interface ConnectionShape<T> {
  edges: Array<{ cursor: string; node: T }>;
  pageInfo: PageInfo;
  totalCount: number | undefined;
}

/** Relay connection types (`<Name>Connection`, `<Name>Edge`) for a node type. */
export function Connection<T extends object>(name: string, nodeType: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [Edge])
    edges: Edge[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Items matching the filters across all pages.' })
    totalCount: number | undefined;
  }
  return ConnectionType;
}

export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  return {
    edges: page.nodes.map((node, index) => ({ cursor: page.cursors[index]!, node })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
    totalCount: page.totalCount,
  };
}
