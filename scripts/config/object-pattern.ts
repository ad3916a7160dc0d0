// How configuration names objects: exactly as findings name them, with `*` standing for any run of characters.

export function objectPattern(glob: string): (object: string) => boolean {
  if (!glob.includes('*')) return (object) => object === glob;
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*');
  const pattern = new RegExp(`^${source}$`);
  return (object) => pattern.test(object);
}
