// CA certificates kept as PEM text and parsed only when a chain needs them. Parsed, Debian's bundle
// of some 144 roots takes about 406 KiB of kernel heap for as long as the klib runs; as text (in
// rodata for the embedded bundle, the file's buffer for tls.ca_file) it costs an index of 8 bytes
// per certificate. mbedtls asks for the trusted CAs that may have issued each certificate of the
// peer's chain (trust_store.ts, the CA callback); the index finds the blocks whose DER subject
// hashes like the certificate's issuer, and only those are decoded and parsed, into a list mbedtls
// frees after that step. A hash collision only adds a candidate: mbedtls still compares the names
// and checks the signature.
//
// Read-only once built: the callback runs on several CPUs at once for different sessions, so all
// its scratch is per call (its PEM context on the stack, decoded and parsed bytes on the heap).
import { bytes, s32, sizeOf, u32 } from '../dialect';
import { allocate, BytePtr, deallocate, Heap, INVALID_ADDRESS } from '../nanos';
import {
    ConstBytePtr, ConstCharPtr, ConstX509Crt, crtIssuerRaw, crtIssuerRawLength, crtSubjectRaw, crtSubjectRawLength,
    PEM_NO_BLOCK, PemContext, pemDer, pemDerLength, pemFree, pemInit, pemReadCertificate, SizeT, U32Array,
    X509_CERT_UNKNOWN_FORMAT, X509Crt, x509CrtFree, x509CrtInit, x509CrtParseDer,
} from '../nanos/mbedtls';
import { allocateBytes, cstringBytes, deallocateBytes } from '../nanos/memory';
import { addressOfPointer, bytesAt } from '../nanos/tls';
import { strstr } from './libc';
import { mbedtlsCalloc, mbedtlsFree } from './platform';

const PEM_BEGIN_BYTES: bytes = 27;     // "-----BEGIN CERTIFICATE-----"
// Each usable certificate takes two words of the index: where its block starts, its subject's hash.
const INDEX_WORDS: u32 = 2;
const INDEX_ENTRY_BYTES: bytes = 8;
// FNV-1a, 32 bits: short, and spreads DER names (which share long prefixes) well enough.
const FNV_OFFSET_BASIS: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 16777619;

export interface PemCas {
    // The NUL-terminated PEM text; kept alive by whoever built the index.
    text: ConstBytePtr;
    // Per usable certificate i: index[2i] is the offset of its "-----BEGIN CERTIFICATE-----" in
    // text, index[2i + 1] the hash of its DER subject.
    index: U32Array;
    indexBytes: bytes;
    count: u32;
    // Blocks that could not be decoded or parsed (not in the index), and the first one's mbedtls
    // error (X509_CERT_UNKNOWN_FORMAT when there was none to report).
    unusable: u32;
    firstError: s32;
}

/** The "-----BEGIN CERTIFICATE-----" lines of a NUL-terminated text. */
export function pemCertificateCount(text: ConstBytePtr): u32 {
    let count: u32 = 0;
    let at = nextBlock(text);
    while (at !== null) {
        count++;
        at = nextBlock(bytesAt(at!, PEM_BEGIN_BYTES) as ConstBytePtr);
    }
    return count;
}

function nextBlock(from: ConstBytePtr): ConstBytePtr | null {
    const found = strstr(from as ConstCharPtr, cstringBytes('-----BEGIN CERTIFICATE-----') as ConstCharPtr);
    if (found === null) return null;
    return found! as ConstBytePtr;
}

/** A 32-bit FNV-1a hash of a DER name. */
function nameHash(name: ConstBytePtr, length: SizeT): u32 {
    let hash: u32 = FNV_OFFSET_BASIS;
    for (let i: SizeT = 0; i < length; i++) {
        hash = (hash ^ name[i]) * FNV_PRIME;
    }
    return hash;
}

/**
 * Indexes the certificates of a NUL-terminated PEM text holding `blocks` BEGIN lines
 * (pemCertificateCount): each block is decoded and parsed once, its subject hashed, and the parsed
 * certificate freed. Returns null when out of memory; otherwise count says how many can be offered
 * (possibly none), unusable how many could not be decoded or parsed. The text must outlive the index.
 */
export function pemCasIndex(h: Heap, text: ConstBytePtr, blocks: u32): PemCas | null {
    const cas = allocate<PemCas>(h);
    if (cas === INVALID_ADDRESS) return null;
    cas.text = text;
    cas.count = 0;
    cas.unusable = 0;
    cas.firstError = 0;
    cas.indexBytes = (blocks > 0 ? blocks : 1) * INDEX_ENTRY_BYTES;
    const index = allocateBytes(h, cas.indexBytes);
    if (index === INVALID_ADDRESS) {
        deallocate<PemCas>(h, cas);
        return null;
    }
    cas.index = index as U32Array;
    // One certificate parsed at a time, into a head from the heap (it is large for a kernel stack).
    const crt = mbedtlsCalloc(1, sizeOf<X509Crt>());
    if (crt === null) {
        pemCasFree(h, cas);
        return null;
    }
    const parsed = crt! as X509Crt;
    let at = nextBlock(text);
    while (at !== null && cas.count + cas.unusable < blocks) {
        x509CrtInit(parsed);
        const r = parseBlock(parsed, at!);
        if (r === 0) {
            cas.index[cas.count * INDEX_WORDS] = (addressOfPointer(at!) - addressOfPointer(text)) as u32;
            cas.index[cas.count * INDEX_WORDS + 1] = nameHash(crtSubjectRaw(parsed), crtSubjectRawLength(parsed));
            cas.count++;
        } else if (r !== PEM_NO_BLOCK) {
            // A block without its END line is not counted, as mbedtls_x509_crt_parse does not.
            if (cas.unusable === 0) cas.firstError = r;
            cas.unusable++;
        }
        x509CrtFree(parsed);
        at = nextBlock(bytesAt(at!, PEM_BEGIN_BYTES) as ConstBytePtr);
    }
    mbedtlsFree(crt);
    if (cas.firstError === 0) cas.firstError = X509_CERT_UNKNOWN_FORMAT;
    return cas;
}

// Decodes the PEM block starting at block and adds its certificate to chain: 0, or the mbedtls
// error of the decoding or of the parsing.
function parseBlock(chain: X509Crt, block: ConstBytePtr): s32 {
    let pem!: PemContext;
    pemInit(pem);
    let r = pemReadCertificate(pem, block);
    if (r === 0) r = x509CrtParseDer(chain, pemDer(pem), pemDerLength(pem));
    pemFree(pem);
    return r;
}

/**
 * Adds to list (an initialized chain, possibly empty) the indexed certificates whose subject hashes
 * like child's issuer. Returns 0, or the mbedtls error of a block that could not be added (out of
 * memory: each was parsed once already).
 */
export function pemCasAddIssuersOf(cas: PemCas, child: ConstX509Crt, list: X509Crt): s32 {
    const wanted = nameHash(crtIssuerRaw(child), crtIssuerRawLength(child));
    let failed: s32 = 0;
    for (let i: u32 = 0; i < cas.count; i++) {
        if (cas.index[i * INDEX_WORDS + 1] !== wanted) continue;
        const r = parseBlock(list, bytesAt(cas.text, cas.index[i * INDEX_WORDS]) as ConstBytePtr);
        if (r !== 0) failed = r;
    }
    return failed;
}

export function pemCasFree(h: Heap, cas: PemCas): void {
    deallocateBytes(h, cas.index as BytePtr, cas.indexBytes);
    deallocate<PemCas>(h, cas);
}
