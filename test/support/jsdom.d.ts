// The little of jsdom's API the Mermaid check uses (jsdom ships no type declarations).
declare module 'jsdom' {
  export class JSDOM {
    constructor(html: string, options?: { pretendToBeVisual?: boolean });
    readonly window: Window & typeof globalThis & { DOMParser: typeof DOMParser; Element: typeof Element };
  }
}
