/**
 * Readiness: named conditions that must all hold before /readyz says ready ("config applied",
 * later "bgp initial sync", "fib in sync", ...). A capability registers its condition when it starts.
 */
export class Readiness {
  private readonly conditions = new Map<string, boolean>();
  private readonly listeners: ((ready: boolean) => void)[] = [];

  require(name: string): void {
    if (!this.conditions.has(name)) this.conditions.set(name, false);
    this.notify();
  }

  set(name: string, met: boolean): void {
    this.conditions.set(name, met);
    this.notify();
  }

  drop(name: string): void {
    this.conditions.delete(name);
    this.notify();
  }

  get ready(): boolean {
    for (const v of this.conditions.values()) if (!v) return false;
    return this.conditions.size > 0;
  }

  pending(): string[] {
    return [...this.conditions].filter(([, v]) => !v).map(([k]) => k);
  }

  onChange(fn: (ready: boolean) => void): void {
    this.listeners.push(fn);
  }

  private notify(): void {
    const r = this.ready;
    for (const l of this.listeners) l(r);
  }
}
