# pragma version 0.4.3
# Asks the AI precompile (0x…0999: UTF-8 prompt in, UTF-8 text out) and keeps the answer (issue 8).

AI: constant(address) = 0x0000000000000000000000000000000000000999

answer: public(String[256])
asked: public(uint256)


@external
def ask(prompt: String[256]) -> String[256]:
    out: Bytes[256] = raw_call(AI, convert(prompt, Bytes[256]), max_outsize=256)
    self.answer = convert(out, String[256])
    self.asked += 1
    return self.answer
