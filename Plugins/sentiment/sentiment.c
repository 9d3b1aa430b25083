// sentiment: a lexicon text classifier for metis-devnet's AI modules (Plugins/README.md, wasm ABI).
// Input: UTF-8 text. Output: {"label":"positive|negative|neutral","positive":P,"negative":N}
// where P and N count the words (ASCII letters, lower-cased) found in the two lists below;
// the label is positive when P > N, negative when N > P, else neutral.
// Build: ./build.sh (clang --target=wasm32, no libc).

static const char *POSITIVE[] = {"good", "great", "excellent", "happy", "love", "nice", "fast", "useful",
                                 "clear", "fair", "secure", "reliable", "best", "win", "success", 0};
static const char *NEGATIVE[] = {"bad", "poor", "terrible", "sad", "hate", "slow", "useless", "broken",
                                 "unfair", "insecure", "unreliable", "worst", "lose", "failure", "bug", 0};

static unsigned char heap[1 << 16];
static unsigned int used = 0;
static char out[96];

__attribute__((export_name("alloc"))) unsigned char *alloc(unsigned int n) {
    if (n > sizeof(heap) - used) return 0;   // no room: the host reports it
    unsigned char *p = heap + used;
    used += (n + 7) & ~7u;
    return p;
}

static int in_list(const char *const *list, const unsigned char *w, unsigned int n) {
    for (; *list; list++) {
        const char *s = *list;
        unsigned int i = 0;
        while (i < n && s[i] && s[i] == (char)w[i]) i++;
        if (i == n && s[i] == 0) return 1;
    }
    return 0;
}

static int put_uint(char *p, unsigned int v) {
    char tmp[12]; int n = 0;
    do { tmp[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    for (int i = 0; i < n; i++) p[i] = tmp[n - 1 - i];
    return n;
}

static int put_str(char *p, const char *s) { int n = 0; while (s[n]) { p[n] = s[n]; n++; } return n; }

__attribute__((export_name("call"))) unsigned long long call(unsigned char *in, unsigned int len) {
    unsigned int pos = 0, neg = 0;
    unsigned char word[32];
    unsigned int w = 0, skip = 0;
    for (unsigned int i = 0; i <= len; i++) {
        unsigned char c = i < len ? in[i] : ' ';
        if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
        if (c >= 'a' && c <= 'z') {
            if (w < sizeof(word)) word[w++] = c; else skip = 1;
        } else {
            if (w > 0 && !skip) {
                if (in_list(POSITIVE, word, w)) pos++;
                else if (in_list(NEGATIVE, word, w)) neg++;
            }
            w = 0; skip = 0;
        }
    }
    const char *label = pos > neg ? "positive" : neg > pos ? "negative" : "neutral";
    int n = 0;
    n += put_str(out + n, "{\"label\":\"");
    n += put_str(out + n, label);
    n += put_str(out + n, "\",\"positive\":");
    n += put_uint(out + n, pos);
    n += put_str(out + n, ",\"negative\":");
    n += put_uint(out + n, neg);
    n += put_str(out + n, "}");
    used = 0;
    return ((unsigned long long)(unsigned int)out << 32) | (unsigned int)n;
}
