// The C library functions mbedtls calls (and gcc emits calls to for structure copies), which a klib
// must define itself: the kernel exports runtime_memcpy/memset/memcmp, and nothing for memmove or
// the C-string functions (its runtime_str* take sstrings). mk/tls.mk builds this klib with
// -fno-tree-loop-distribute-patterns so that gcc does not turn these loops back into calls to
// themselves.
import { s32, u8 } from '../dialect';
import { BytePtr, VoidPtr } from '../nanos';
import { CharPtr, ConstBytePtr, ConstCharPtr, ConstVoidPtr, SizeT } from '../nanos/mbedtls';
import { addressOfPointer, bytesAt, runtimeMemcmp, runtimeMemcpy, runtimeMemset } from '../nanos/tls';

/** @c memcpy */
export function memcpy(dst: VoidPtr, src: ConstVoidPtr, n: SizeT): VoidPtr {
    runtimeMemcpy(dst, src, n);
    return dst;
}

/** @c memset */
export function memset(p: VoidPtr, c: s32, n: SizeT): VoidPtr {
    runtimeMemset(p as BytePtr, c as u8, n);
    return p;
}

/** @c memcmp */
export function memcmp(a: ConstVoidPtr, b: ConstVoidPtr, n: SizeT): s32 {
    return runtimeMemcmp(a, b, n);
}

// Overlapping regions are allowed: copy from the end when the destination lies after the source.
/** @c memmove */
export function memmove(dst: VoidPtr, src: ConstVoidPtr, n: SizeT): VoidPtr {
    const to = dst as BytePtr;
    const from = src as ConstBytePtr;
    if (addressOfPointer(dst) <= addressOfPointer(src)) {
        for (let i: SizeT = 0; i < n; i++) to[i] = from[i];
    } else {
        for (let i: SizeT = n; i > 0; i--) to[i - 1] = from[i - 1];
    }
    return dst;
}

/** @c strlen */
export function strlen(s: ConstCharPtr): SizeT {
    let n: SizeT = 0;
    while (s[n] !== 0) n++;
    return n;
}

// Bytes compare as unsigned char, as C requires.
/** @c strcmp */
export function strcmp(a: ConstCharPtr, b: ConstCharPtr): s32 {
    let i: SizeT = 0;
    while (a[i] !== 0 && a[i] === b[i]) i++;
    return (a[i] as u8) - (b[i] as u8);
}

/** @c strchr */
export function strchr(s: ConstCharPtr, c: s32): CharPtr | null {
    const wanted = c as u8;
    for (let i: SizeT = 0; ; i++) {
        if ((s[i] as u8) === wanted) return bytesAt(s, i) as CharPtr;
        if (s[i] === 0) return null;
    }
}

// Plain search: mbedtls only looks for PEM markers, which are found near where it starts.
/** @c strstr */
export function strstr(haystack: ConstCharPtr, needle: ConstCharPtr): CharPtr | null {
    for (let at: SizeT = 0; ; at++) {
        let i: SizeT = 0;
        while (needle[i] !== 0 && haystack[at + i] === needle[i]) i++;
        if (needle[i] === 0) return bytesAt(haystack, at) as CharPtr;
        if (haystack[at] === 0) return null;
    }
}
