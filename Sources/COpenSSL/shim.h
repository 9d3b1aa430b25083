// OpenSSL's libcrypto (Debian's libssl-dev): RSA keys in PEM and PKCS#1 v1.5 decryption for the
// LazAI verified-computing node (Alith encrypts each file's password to the node's RSA key).
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/bio.h>
#include <openssl/err.h>
