import type { ClassMatch, Resolver, RuleDoubt, SubjectDoubt, UndeclaredNamespaces } from './kind.js';

/** Several reasons a policy may hold other pods than shown, as one: the reasons together, over the pods of each. */
export function joinSubjectDoubts(r: Resolver, doubts: ReadonlyArray<SubjectDoubt | undefined>): SubjectDoubt | undefined {
  const given = doubts.filter((d): d is SubjectDoubt => d !== undefined);
  if (given.length === 0) return undefined;
  return { why: given.map((d) => d.why).join('; '), within: given.map((d) => d.within).reduce((a, b) => r.union(a, b)) };
}

/** Where a doubted rule may match peers it is not shown to: workloads of these classes, and external addresses where `addresses`. */
export interface DoubtScope {
  readonly classes: ClassMatch;
  readonly addresses: boolean;
}

/**
 * Gathers why a rule's peers may differ from those it is shown to match,
 * into its RuleDoubt: the reasons it may match more (with where, where that
 * is known) and fewer.
 */
export class Doubts {
  private readonly more = new Set<string>();
  private readonly fewer = new Set<string>();
  private classes: ClassMatch;
  private addresses = false;
  private scoped = true;

  constructor(private readonly r: Resolver) {
    this.classes = r.noWorkload;
  }

  /** It may match peers it is not shown to, among `within` where that is known. */
  mayMatchMore(why: string, within?: DoubtScope): void {
    this.more.add(why);
    if (!within) this.scoped = false;
    else {
      this.classes = this.r.union(this.classes, within.classes);
      this.addresses ||= within.addresses;
    }
  }

  /** It may not match all the peers it is shown to. */
  mayMatchFewer(why: string): void {
    this.fewer.add(why);
  }

  /** Either: a selector that reads labels the manifests do not show. */
  mayMatchOther(why: string, within?: DoubtScope): void {
    this.mayMatchMore(why, within);
    this.mayMatchFewer(why);
  }

  /** A selector of namespaces that reads labels of namespaces not declared (Resolver.undeclaredNamespaces). */
  undeclared(u: UndeclaredNamespaces | undefined): void {
    if (!u) return;
    if (this.r.classList(u.more).length > 0) this.mayMatchMore(u.why, { classes: u.more, addresses: false });
    if (u.fewer) this.mayMatchFewer(u.why);
  }

  /** The reasons of a doubt already made (a rule's, kept on a part of it). */
  add(doubt: RuleDoubt | undefined): void {
    if (!doubt) return;
    if (doubt.more) this.mayMatchMore(doubt.why, doubt.within);
    if (doubt.fewer) this.mayMatchFewer(doubt.why);
  }

  /** The doubt, or undefined where the rule is modelled exactly. */
  get doubt(): RuleDoubt | undefined {
    if (this.more.size + this.fewer.size === 0) return undefined;
    const more = this.more.size > 0;
    return {
      more,
      fewer: this.fewer.size > 0,
      why: [...new Set([...this.more, ...this.fewer])].join('; '),
      ...(more && this.scoped ? { within: { classes: this.classes, addresses: this.addresses } } : {}),
    };
  }

  /** The doubt as a RuleSpec's field: `{ doubt }`, or nothing. */
  get field(): { doubt?: RuleDoubt } {
    const doubt = this.doubt;
    return doubt ? { doubt } : {};
  }
}
