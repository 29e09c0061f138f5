// sendmsg/recvmsg for UDP and raw IP sockets with ancillary data (OSPF, BFD, VXLAN probes).
//
// Received: IP_PKTINFO / IPV6_PKTINFO (arrival ifindex and header destination address), IP_TTL /
// IPV6_HOPLIMIT (after IP_RECVTTL / IPV6_RECVHOPLIMIT, for GTSM-style checks, RFC 5082) and IP_TOS /
// IPV6_TCLASS. Sent: IP_PKTINFO / IPV6_PKTINFO choose the outgoing interface and source address, and an
// optional per-packet TTL / hop limit.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "common.h"

namespace noverlay {

// recvmsg(fd, buf, offset, length, flags, meta: Int32Array(8), addrs: Uint8Array(32)) -> bytes
//   meta: [srcFamily, srcPort, srcScope, ifindex|-1, dstFamily|0, ttl|-1, msgFlags, tos|-1]
//   addrs: [0..16) source address, [16..32) destination address (from PKTINFO)
static Napi::Value Recvmsg(const Napi::CallbackInfo& info) {
  int64_t fd, flags;
  ByteRange b, addrs;
  int32_t* meta;
  if (!ArgInt(info, 0, &fd) || !ArgBytes(info, 1, &b) || !ArgInt(info, 4, &flags) ||
      !ArgInt32Array(info, 5, 8, &meta) || !ArgWholeBytes(info, 6, &addrs, false))
    return info.Env().Null();
  if (addrs.length < 32) {
    Napi::RangeError::New(info.Env(), "address buffer must hold 32 octets").ThrowAsJavaScriptException();
    return info.Env().Null();
  }
  sockaddr_storage from{};
  iovec iov{b.data, b.length};
  alignas(cmsghdr) uint8_t control[256];
  msghdr msg{};
  msg.msg_name = &from;
  msg.msg_namelen = sizeof from;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  ssize_t n;
  do n = recvmsg(static_cast<int>(fd), &msg, static_cast<int>(flags));
  while (n < 0 && errno == EINTR);
  if (n < 0) return Errno(info.Env(), errno);

  int32_t sa[3] = {0, 0, 0};
  std::memset(addrs.data, 0, 32);
  if (msg.msg_namelen > 0) ReadSockaddr(from, sa, addrs.data);
  meta[0] = sa[0];
  meta[1] = sa[1];
  meta[2] = sa[2];
  meta[3] = -1;
  meta[4] = 0;
  meta[5] = -1;
  meta[6] = msg.msg_flags;
  meta[7] = -1;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
        c->cmsg_len >= CMSG_LEN(sizeof(in_pktinfo))) {
      in_pktinfo pi;
      std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
      meta[3] = pi.ipi_ifindex;
      meta[4] = AF_INET;
      std::memcpy(addrs.data + 16, &pi.ipi_addr, 4);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO &&
               c->cmsg_len >= CMSG_LEN(sizeof(in6_pktinfo))) {
      in6_pktinfo pi;
      std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
      meta[3] = static_cast<int32_t>(pi.ipi6_ifindex);
      meta[4] = AF_INET6;
      std::memcpy(addrs.data + 16, &pi.ipi6_addr, 16);
    } else if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
               (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) ||
               (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_TCLASS)) {
      if (c->cmsg_len < CMSG_LEN(sizeof(int))) continue;
      int v;
      std::memcpy(&v, CMSG_DATA(c), sizeof v);
      meta[c->cmsg_type == IPV6_TCLASS ? 7 : 5] = v;
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TOS && c->cmsg_len >= CMSG_LEN(1)) {
      meta[7] = *CMSG_DATA(c);
    }
  }
  return Num(info.Env(), static_cast<double>(n));
}

// Appends an IP_PKTINFO / IPV6_PKTINFO control message; returns its space.
static size_t PutPktinfo(uint8_t* at, int family, int64_t ifindex, const ByteRange& src) {
  auto* c = reinterpret_cast<cmsghdr*>(at);
  if (family == AF_INET6) {
    in6_pktinfo pi{};
    pi.ipi6_ifindex = static_cast<unsigned>(ifindex > 0 ? ifindex : 0);
    if (src.length == 16) std::memcpy(&pi.ipi6_addr, src.data, 16);
    c->cmsg_level = IPPROTO_IPV6;
    c->cmsg_type = IPV6_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof pi);
    std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
    return CMSG_SPACE(sizeof pi);
  }
  in_pktinfo pi{};
  pi.ipi_ifindex = static_cast<int>(ifindex > 0 ? ifindex : 0);
  if (src.length == 4) std::memcpy(&pi.ipi_spec_dst, src.data, 4);
  c->cmsg_level = IPPROTO_IP;
  c->cmsg_type = IP_PKTINFO;
  c->cmsg_len = CMSG_LEN(sizeof pi);
  std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
  return CMSG_SPACE(sizeof pi);
}

static size_t PutTtl(uint8_t* at, int family, int ttl) {
  auto* c = reinterpret_cast<cmsghdr*>(at);
  c->cmsg_level = family == AF_INET6 ? IPPROTO_IPV6 : IPPROTO_IP;
  c->cmsg_type = family == AF_INET6 ? IPV6_HOPLIMIT : IP_TTL;
  c->cmsg_len = CMSG_LEN(sizeof ttl);
  std::memcpy(CMSG_DATA(c), &ttl, sizeof ttl);
  return CMSG_SPACE(sizeof ttl);
}

// sendmsg(fd, buf, offset, length, flags, family, dst|null, port, scopeId, ifindex, src|null, ttl) -> bytes
//   ifindex > 0 or a source address adds PKTINFO; ttl >= 0 adds a per-packet TTL / hop limit.
static Napi::Value Sendmsg(const Napi::CallbackInfo& info) {
  int64_t fd, flags, family, port, scope, ifindex, ttl;
  ByteRange b, dst, src;
  if (!ArgInt(info, 0, &fd) || !ArgBytes(info, 1, &b) || !ArgInt(info, 4, &flags) || !ArgInt(info, 5, &family) ||
      !ArgWholeBytes(info, 6, &dst, true) || !ArgInt(info, 7, &port) || !ArgInt(info, 8, &scope) ||
      !ArgInt(info, 9, &ifindex) || !ArgWholeBytes(info, 10, &src, true) || !ArgInt(info, 11, &ttl))
    return info.Env().Null();
  sockaddr_storage to;
  socklen_t tolen = 0;
  if (dst.data != nullptr &&
      !FillSockaddr(dst, static_cast<int>(port), static_cast<uint32_t>(scope), &to, &tolen))
    return Errno(info.Env(), EAFNOSUPPORT);
  iovec iov{b.data, b.length};
  alignas(cmsghdr) uint8_t control[128];
  std::memset(control, 0, sizeof control);
  size_t clen = 0;
  if (ifindex > 0 || src.data != nullptr) clen += PutPktinfo(control, static_cast<int>(family), ifindex, src);
  if (ttl >= 0) clen += PutTtl(control + clen, static_cast<int>(family), static_cast<int>(ttl));
  msghdr msg{};
  msg.msg_name = tolen > 0 ? &to : nullptr;
  msg.msg_namelen = tolen;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = clen > 0 ? control : nullptr;
  msg.msg_controllen = clen;
  ssize_t n;
  do n = sendmsg(static_cast<int>(fd), &msg, static_cast<int>(flags) | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n < 0 ? Errno(info.Env(), errno) : Num(info.Env(), static_cast<double>(n));
}

void InitMsg(Napi::Env env, Napi::Object exports) {
  exports.Set("recvmsg", Napi::Function::New(env, Recvmsg, "recvmsg"));
  exports.Set("sendmsg", Napi::Function::New(env, Sendmsg, "sendmsg"));
}

}  // namespace noverlay
