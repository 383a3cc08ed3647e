// A record another module's exported functions take: their header includes this module's header.
import { u32 } from '../../../../klib-src/dialect';

export interface Tally {
    count: u32;
}
