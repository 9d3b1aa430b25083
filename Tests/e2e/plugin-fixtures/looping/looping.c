// looping: a wasm module whose `call` never returns (a test fixture; Plugins/README.md, wasm ABI).
// The host stops it after limits.fuel WebAssembly operators. Build: ./build.sh.

static unsigned char heap[1024];
static volatile unsigned int spins;

__attribute__((export_name("alloc"))) unsigned char *alloc(unsigned int n) {
    return n <= sizeof(heap) ? heap : 0;
}

__attribute__((export_name("call"))) unsigned long long call(unsigned char *p, unsigned int n) {
    (void)p; (void)n;
    for (;;) spins++;   // volatile: the loop is kept and never ends
}
