#ifndef LAUNCHPAD_CSHAREDATOMICS_SHIM_H
#define LAUNCHPAD_CSHAREDATOMICS_SHIM_H
// Atomic operations on 64-bit words in memory Swift does not own, such as a file mapped shared by
// several processes (Swift's `Synchronization.Atomic` needs storage of its own). Each word must be
// 8-byte aligned. The names say the memory order.
#include <stdbool.h>
#include <stdint.h>

static inline uint64_t shared_atomic_load_relaxed(const uint64_t *word) {
    return __atomic_load_n(word, __ATOMIC_RELAXED);
}

static inline uint64_t shared_atomic_load_seq_cst(const uint64_t *word) {
    return __atomic_load_n(word, __ATOMIC_SEQ_CST);
}

static inline void shared_atomic_store_relaxed(uint64_t *word, uint64_t value) {
    __atomic_store_n(word, value, __ATOMIC_RELAXED);
}

static inline void shared_atomic_store_seq_cst(uint64_t *word, uint64_t value) {
    __atomic_store_n(word, value, __ATOMIC_SEQ_CST);
}

/// Replaces `*word` by `desired` if it holds `expected`; acquire and release on success.
static inline bool shared_atomic_compare_exchange(uint64_t *word, uint64_t expected, uint64_t desired) {
    return __atomic_compare_exchange_n(word, &expected, desired, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/// Tells the CPU this thread is spinning (x86 `pause`, ARM `yield`).
static inline void shared_atomic_spin_pause(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    __asm__ __volatile__("yield");
#endif
}

#endif
