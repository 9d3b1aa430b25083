#!/usr/bin/env python3
"""Generates the 24 unrolled rounds inside `KeccakState.permute` (Sources/Primitives/Keccak/Keccak256.swift).

usage: python3 scripts/generate-keccak-rounds.py > /tmp/rounds.txt, then replace the body between the
lane loads and the lane stores of `permute` with it. The rounds alternate between the lane sets a00…a24
and e00…e24, compute one output plane at a time, and keep six lanes complemented (the "lane
complementing" transform) so chi needs 5 NOTs per round instead of 25; CHI below is the search that
finds, per lane, which inputs to complement and whether AND or OR gives chi's result.
Round constants and rotation offsets are FIPS 202's.
"""
import itertools, sys
RC=[0x0000000000000001,0x0000000000008082,0x800000000000808A,0x8000000080008000,0x000000000000808B,0x0000000080000001,
0x8000000080008081,0x8000000000008009,0x000000000000008A,0x0000000000000088,0x0000000080008009,0x000000008000000A,
0x000000008000808B,0x800000000000008B,0x8000000000008089,0x8000000000008003,0x8000000000008002,0x8000000000000080,
0x000000000000800A,0x800000008000000A,0x8000000080008081,0x8000000000008080,0x0000000080000001,0x8000000080008008]
ROT={}
rt=[[0,36,3,41,18],[1,44,10,45,2],[62,6,43,15,61],[28,55,25,21,56],[27,20,39,8,14]]
for x in range(5):
    for y in range(5): ROT[(x,y)]=rt[x][y]
PSET={(1,0),(2,0),(3,1),(2,2),(2,3),(0,4)}
def P(x,y): return (x,y) in PSET
Cc=[sum(P(x,y) for y in range(5))%2 for x in range(5)]
Dc=[Cc[(x-1)%5]^Cc[(x+1)%5] for x in range(5)]
Bc={}
for x in range(5):
    for y in range(5): Bc[(y,(2*x+3*y)%5)]=int(P(x,y))^Dc[x]
CHI={}
for yp in range(5):
    for xp in range(5):
        m0,m1,m2=Bc[(xp,yp)],Bc[((xp+1)%5,yp)],Bc[((xp+2)%5,yp)]; mo=int(P(xp,yp)); best=None
        for n0,n1,n2,nout,op in itertools.product([0,1],[0,1],[0,1],[0,1],['&','|']):
            ok=all(((B0^m0^n0)^(((B1^m1^n1)&(B2^m2^n2)) if op=='&' else ((B1^m1^n1)|(B2^m2^n2)))^nout)==(B0^((1-B1)&B2)^mo)
                   for B0,B1,B2 in itertools.product([0,1],repeat=3))
            if ok and (best is None or n0+n1+n2+nout<best[0]): best=(n0+n1+n2+nout,n0,n1,n2,nout,op)
        CHI[(xp,yp)]=best
def nm(p,x,y): return f"{p}{x+5*y:02d}"
def rnd(src,dst,rc,ind,havec=False,makec=False):
    L=[]
    for x in range(5):
        L.append(f"let c{x} = p{x}" if havec else f"let c{x} = "+" ^ ".join(nm(src,x,y) for y in range(5)))
    for x in range(5):
        L.append(f"let d{x} = c{(x-1)%5} ^ rotl(c{(x+1)%5}, 1)")
    for yp in range(5):
        L0=L; L=[]
        for xp in range(5):
            y=xp; x=(3*(yp-3*xp))%5
            assert (y,(2*x+3*y)%5)==(xp,yp)
            r=ROT[(x,y)]
            e=f"{nm(src,x,y)} ^ d{x}"
            L.append(f"let b{xp} = " + (f"rotl({e}, {r})" if r else e))
        negs=set()
        for xp in range(5):
            c=CHI[(xp,yp)]
            for i,n in zip((0,1,2),(c[1]^c[4],c[2],c[3])):
                if n: negs.add((xp+i)%5)
        for k in sorted(negs): L.append(f"let n{k} = ~b{k}")
        for xp in range(5):
            _,n0,n1,n2,nout,op=CHI[(xp,yp)]; n0^=nout; nout=0
            t=lambda k,n: f"n{k}" if n else f"b{k}"
            s0=t(xp,n0); s1=t((xp+1)%5,n1); s2=t((xp+2)%5,n2)
            e=f"{s0} ^ ({s1} {op} {s2})"
            if nout: e=f"~({e})" if False else f"{s0} ^ ({s1} {op} {s2})"
            assert not nout or n0  # output negation folded: n0 already negated
            L.append(f"{nm(dst,xp,yp)} = {s0} ^ ({s1} {op} {s2})" if not (nout and n0) else f"{nm(dst,xp,yp)} = {s0} ^ ({s1} {op} {s2})")
        if yp==0 and rc is not None:
            L.append(f"{nm(dst,0,0)} ^= {rc}")
        if makec:
            for xp in range(5):
                L.append(f"p{xp} = {nm(dst,xp,yp)}" if yp==0 else f"p{xp} ^= {nm(dst,xp,yp)}")
        L=L0+["do {"]+["    "+l for l in L]+["}"]
    return [ind+"do {"]+[ind+"    "+l for l in L]+[ind+"}"]
out=[]
for r in range(24):
    src,dst=("a","e") if r%2==0 else ("e","a")
    out+=rnd(src,dst,f"0x{RC[r]:016X}","        ")
print("\n".join(out))
