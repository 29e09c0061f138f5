export async function labMain(_args: string[]): Promise<number> {
  return 2;
}
