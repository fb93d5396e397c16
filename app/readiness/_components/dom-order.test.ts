import { describe, expect, it } from 'vitest';
import { itemsToMove, orderChildren } from './dom-order';

/** Just enough of an Element for orderChildren: a list of children with insertBefore. */
class FakeParent {
  kids: FakeEl[] = [];
  moves = 0;
  get firstElementChild() {
    return this.kids[0] ?? null;
  }
  insertBefore(el: FakeEl, ref: FakeEl | null) {
    this.moves++;
    this.kids.splice(this.kids.indexOf(el), 1);
    if (ref === null) this.kids.push(el);
    else this.kids.splice(this.kids.indexOf(ref), 0, el);
    return el;
  }
}
class FakeEl {
  constructor(
    readonly name: string,
    private readonly parent: FakeParent,
  ) {}
  get nextElementSibling(): FakeEl | null {
    const k = this.parent.kids;
    return k[k.indexOf(this) + 1] ?? null;
  }
}
function setup(order: string) {
  const p = new FakeParent();
  p.kids = [...order].map((c) => new FakeEl(c, p));
  const el = (c: string) => p.kids.find((k) => k.name === c)!;
  return { p, el, names: () => p.kids.map((k) => k.name).join('') };
}

describe('itemsToMove', () => {
  it('keeps a longest increasing run and moves the rest', () => {
    expect(itemsToMove([1, 2, 3, 0])).toEqual([false, false, false, true]);
    expect(itemsToMove([3, 0, 1, 2])).toEqual([true, false, false, false]);
    expect(itemsToMove([0, 1, 2])).toEqual([false, false, false]);
    expect(itemsToMove([]).length).toBe(0);
  });
});

describe('orderChildren', () => {
  it('puts a rotated order right with one move, either way', () => {
    const down = setup('eabcd');
    orderChildren(down.p as unknown as Element, [...'abcde'].map(down.el) as unknown as Element[]);
    expect(down.names()).toBe('abcde');
    expect(down.p.moves).toBe(1);
    const up = setup('bcdea');
    orderChildren(up.p as unknown as Element, [...'abcde'].map(up.el) as unknown as Element[]);
    expect(up.names()).toBe('abcde');
    expect(up.p.moves).toBe(1);
  });

  it('orders any shuffle, including when the last two both move, and leaves other children before the wanted ones', () => {
    for (const start of ['cdab', 'dcba', 'badc', 'xcdab', 'dxbca']) {
      const t = setup(start);
      const want = [...'abcd'].map(t.el);
      orderChildren(t.p as unknown as Element, want as unknown as Element[]);
      expect(t.names().replace('x', ''), start).toBe('abcd');
    }
  });
});
