/* A binding type that C knows only by pointer: no kernel header declares struct trust_anchor. */
/** @c struct trust_anchor * @include kernel.h */
export interface TrustAnchor { readonly __kind: 'trust_anchor' }
