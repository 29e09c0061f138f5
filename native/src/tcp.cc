// TCP MD5 signature keys (RFC 2385) for BGP sessions, per peer address or prefix.
//
// The key must be installed before connect() (the SYN is signed) and on the listening socket before the
// peer connects (accepted sockets inherit the listener's keys). An IPv4 peer of an AF_INET6 socket is keyed
// by its IPv4-mapped address, which the kernel files as an AF_INET key.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <cstring>

#include "common.h"

namespace noverlay {

// tcpMd5(fd, peer(4|16 octets), prefixLen (-1: the single address), key: Uint8Array|null) -> 0
//   A null or empty key removes the key for that peer (the kernel answers ENOENT if there was none).
static Napi::Value TcpMd5(const Napi::CallbackInfo& info) {
  int64_t fd, prefixLen;
  ByteRange peer, key;
  if (!ArgInt(info, 0, &fd) || !ArgWholeBytes(info, 1, &peer, false) || !ArgInt(info, 2, &prefixLen) ||
      !ArgWholeBytes(info, 3, &key, true))
    return info.Env().Null();
  if (key.length > TCP_MD5SIG_MAXKEYLEN) return Errno(info.Env(), EINVAL);
  int domain = 0;
  socklen_t dl = sizeof domain;
  if (getsockopt(static_cast<int>(fd), SOL_SOCKET, SO_DOMAIN, &domain, &dl) < 0) return Errno(info.Env(), errno);

  tcp_md5sig sig;
  std::memset(&sig, 0, sizeof sig);
  int maxLen;
  if (domain == AF_INET6) {
    auto* s = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
    s->sin6_family = AF_INET6;
    if (peer.length == 4) {
      // ::ffff:a.b.c.d
      s->sin6_addr.s6_addr[10] = 0xff;
      s->sin6_addr.s6_addr[11] = 0xff;
      std::memcpy(&s->sin6_addr.s6_addr[12], peer.data, 4);
      if (prefixLen >= 0) prefixLen += 96;
    } else if (peer.length == 16) {
      std::memcpy(&s->sin6_addr, peer.data, 16);
    } else {
      return Errno(info.Env(), EINVAL);
    }
    maxLen = 128;
  } else if (domain == AF_INET && peer.length == 4) {
    auto* s = reinterpret_cast<sockaddr_in*>(&sig.tcpm_addr);
    s->sin_family = AF_INET;
    std::memcpy(&s->sin_addr, peer.data, 4);
    maxLen = 32;
  } else {
    return Errno(info.Env(), EAFNOSUPPORT);
  }
  int opt = TCP_MD5SIG;
  if (prefixLen >= 0) {
    if (prefixLen > maxLen) return Errno(info.Env(), EINVAL);
    sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
    sig.tcpm_prefixlen = static_cast<uint8_t>(prefixLen);
    opt = TCP_MD5SIG_EXT;
  }
  sig.tcpm_keylen = static_cast<uint16_t>(key.length);
  if (key.length > 0) std::memcpy(sig.tcpm_key, key.data, key.length);
  int r = setsockopt(static_cast<int>(fd), IPPROTO_TCP, opt, &sig, sizeof sig);
  int e = errno;
  std::memset(sig.tcpm_key, 0, sizeof sig.tcpm_key);
  return r < 0 ? Errno(info.Env(), e) : Num(info.Env(), 0);
}

void InitTcp(Napi::Env env, Napi::Object exports) {
  exports.Set("tcpMd5", Napi::Function::New(env, TcpMd5, "tcpMd5"));
}

}  // namespace noverlay
