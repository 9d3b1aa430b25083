// data-score: the data-quality score a LazAI verified-computing node gives a contributed file
// (metis-devnet AI modules, Plugins/README.md, wasm ABI; capability "score").
//
// Input: the file's bytes (any bytes). Output: the score as decimal ASCII text, "1" to "10000".
// Everything is integer arithmetic, so every machine computes the same score.
//
//   n          = number of input bytes (an empty file scores 1)
//   printable  = bytes that are TAB (9), LF (10), CR (13), 32..126, or >= 128 (UTF-8 sequences)
//   words      = maximal runs of ASCII letters and digits [A-Za-z0-9]; any other byte separates words
//   distinct   = number of different words, compared case-insensitively (ASCII)
//   diversity  = words == 0 ? 0 : distinct * 10000 / words        (integer division)
//   length     = min(words, 400) * 25                              (400 words or more: 10000)
//   clean      = printable * 10000 / n                             (integer division)
//   score      = (5 * diversity + 3 * length + 2 * clean + 5) / 10, then at least 1 (at most 10000)
//
// The weights are those of the LazAI node's built-in scorer (LazAIScorer: half vocabulary
// diversity, 0.3 length up to 400 words, 0.2 printable share), with ASCII words and integer rounding.
// Build: ./build.sh (clang --target=wasm32, no libc).

extern unsigned char __heap_base;

static unsigned int heap_top = 0;   // first free byte of linear memory after the input
static char out[16];

// Grows linear memory so that [0, end) is usable; 0 on failure.
static int reserve(unsigned int end) {
    unsigned int have = (unsigned int)__builtin_wasm_memory_size(0) * 65536u;
    if (end <= have) return 1;
    unsigned int pages = (end - have + 65535u) / 65536u;
    return __builtin_wasm_memory_grow(0, pages) != (unsigned long)-1;
}

__attribute__((export_name("alloc"))) unsigned char *alloc(unsigned int n) {
    unsigned int p = ((unsigned int)&__heap_base + 15u) & ~15u;
    if (n > 0x40000000u || !reserve(p + n)) return 0;   // no room: the host reports it
    heap_top = (p + n + 15u) & ~15u;
    return (unsigned char *)p;
}

static int is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? (unsigned char)(c - 'A' + 'a') : c; }

static int put_uint(char *p, unsigned int v) {
    char tmp[12]; int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (int i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
    return n;
}

static unsigned long long answer(unsigned int score) {
    int n = put_uint(out, score);
    return ((unsigned long long)(unsigned int)out << 32) | (unsigned int)n;
}

static unsigned long long fail(const char *message) {
    int n = 0;
    while (message[n]) { out[n] = message[n]; n++; }   // messages here fit in out
    return ((unsigned long long)(unsigned int)out << 32) | 0x80000000u | (unsigned int)n;
}

__attribute__((export_name("call"))) unsigned long long call(unsigned char *in, unsigned int len) {
    if (len == 0) return answer(1);
    // Open-addressing set of words: each slot holds (start offset + 1) of a word's first
    // occurrence, 0 = empty. At most (len + 1) / 2 words, so slots >= len keeps the load <= 1/2.
    unsigned int slots = 16;
    while (slots < len) slots <<= 1;
    unsigned int table_at = heap_top;
    if (!reserve(table_at + slots * 4u)) return fail("out of memory");
    unsigned int *table = (unsigned int *)table_at;
    for (unsigned int i = 0; i < slots; i++) table[i] = 0;

    unsigned int printable = 0, words = 0, distinct = 0;
    unsigned int i = 0;
    while (i < len) {
        unsigned char c = in[i];
        if (c == 9 || c == 10 || c == 13 || (c >= 32 && c <= 126) || c >= 128) printable++;
        if (!is_word_byte(c)) { i++; continue; }
        unsigned int start = i;
        unsigned int h = 2166136261u;   // FNV-1a over the lower-cased word
        while (i < len && is_word_byte(in[i])) {
            if (i > start) printable++;   // word bytes after the first are printable too
            h = (h ^ lower(in[i])) * 16777619u;
            i++;
        }
        unsigned int wlen = i - start;
        words++;
        unsigned int slot = h & (slots - 1);
        for (;;) {
            unsigned int at = table[slot];
            if (at == 0) { table[slot] = start + 1; distinct++; break; }
            unsigned int s = at - 1, k = 0;
            while (k < wlen && s + k < len && lower(in[s + k]) == lower(in[start + k])) k++;
            if (k == wlen && (s + k == len || !is_word_byte(in[s + k]))) break;   // seen before
            slot = (slot + 1) & (slots - 1);
        }
    }
    unsigned int diversity = words == 0 ? 0 : (unsigned int)((unsigned long long)distinct * 10000u / words);
    unsigned int length = (words < 400 ? words : 400) * 25u;
    unsigned int clean = (unsigned int)((unsigned long long)printable * 10000u / len);
    unsigned int score = (5u * diversity + 3u * length + 2u * clean + 5u) / 10u;
    if (score < 1) score = 1;
    if (score > 10000) score = 10000;
    return answer(score);
}
