// The database URI that @hookline/dev-db's vitest global setup provides
// (declared there too; repeated so this package's type check sees it).
declare module 'vitest' {
  export interface ProvidedContext {
    mongodbUri: string
  }
}
export {}
