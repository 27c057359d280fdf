import { isAlias, isMap, isPair, isSeq, Node as YamlNode } from 'yaml';

/**
 * The anchors YAML aliases refer to, and how many values each node stands for once its aliases are
 * expanded, worked out once per document. The library's own `Alias.resolve(doc)` walks the whole
 * document for every alias, which is quadratic in a file of thousands of aliases; and counting the
 * expanded size first is what lets a "billion laughs" be refused before anything is built.
 */
export class Aliases {
  private readonly targets = new Map<YamlNode, YamlNode | undefined>();
  private readonly sizes = new Map<YamlNode, number>();

  constructor(root: YamlNode) {
    // Document order, as the library resolves: an alias names the last anchor of its name before it.
    const anchors = new Map<string, YamlNode>();
    const stack: YamlNode[] = [root];
    while (stack.length > 0) {
      const node = stack.pop() as YamlNode;
      if (isAlias(node)) {
        this.targets.set(node, anchors.get(node.source));
        continue;
      }
      if (node.anchor) anchors.set(node.anchor, node);
      const inner: YamlNode[] = [];
      if (isMap(node)) {
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          if (pair.key && typeof pair.key === 'object') inner.push(pair.key as YamlNode);
          if (pair.value) inner.push(pair.value as YamlNode);
        }
      } else if (isSeq(node)) {
        for (const item of node.items) if (item) inner.push(item as YamlNode);
      }
      for (let i = inner.length - 1; i >= 0; i--) stack.push(inner[i]);
    }
  }

  target(alias: YamlNode): YamlNode | undefined {
    return this.targets.get(alias);
  }

  /** Values in the tree a node becomes, aliases expanded (an alias that loops counts as one). */
  size(node: YamlNode): number {
    // Post-order without recursion: anchored lists can nest as deep as the file likes.
    const inProgress = new Set<YamlNode>();
    const stack: { node: YamlNode; open: boolean }[] = [{ node, open: false }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (this.sizes.has(top.node)) {
        stack.pop();
        continue;
      }
      const kids = this.children(top.node);
      if (!top.open) {
        top.open = true;
        inProgress.add(top.node);
        for (const k of kids) if (!this.sizes.has(k) && !inProgress.has(k)) stack.push({ node: k, open: false });
        continue;
      }
      stack.pop();
      inProgress.delete(top.node);
      let total = isAlias(top.node) ? 0 : 1;
      for (const k of kids) total += this.sizes.get(k) ?? 1;
      this.sizes.set(top.node, Math.max(total, 1));
    }
    return this.sizes.get(node) ?? 1;
  }

  private children(node: YamlNode): YamlNode[] {
    if (isAlias(node)) {
      const t = this.targets.get(node);
      return t ? [t] : [];
    }
    if (isMap(node)) {
      const values: YamlNode[] = [];
      for (const pair of node.items) if (isPair(pair) && pair.value) values.push(pair.value as YamlNode);
      return values;
    }
    if (isSeq(node)) return node.items.filter((i): i is YamlNode => i !== null && typeof i === 'object');
    return [];
  }
}
