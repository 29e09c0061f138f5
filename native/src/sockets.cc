// Non-blocking socket system calls for netlink, UDP/raw IP and TCP (BGP) sockets.
//
// Why: Node's dgram/net cannot open AF_NETLINK or raw sockets, cannot read IP_PKTINFO ancillary data and
// cannot set TCP_MD5SIG (RFC 2385) or IP_MINTTL (RFC 5082, GTSM) before connect(). Protocol encoding
// stays in TypeScript; these wrappers only move bytes and options. Every call returns >= 0 or -errno.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "common.h"

namespace noverlay {

bool ArgInt(const Napi::CallbackInfo& info, size_t i, int64_t* out) {
  if (i >= info.Length() || !info[i].IsNumber()) {
    Napi::TypeError::New(info.Env(), "expected a number argument").ThrowAsJavaScriptException();
    return false;
  }
  *out = info[i].As<Napi::Number>().Int64Value();
  return true;
}

static bool AsUint8(const Napi::Value& v, Napi::Uint8Array* out) {
  if (!v.IsTypedArray()) return false;
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  if (ta.TypedArrayType() != napi_uint8_array) return false;
  *out = v.As<Napi::Uint8Array>();
  return true;
}

bool ArgWholeBytes(const Napi::CallbackInfo& info, size_t i, ByteRange* out, bool nullable) {
  out->data = nullptr;
  out->length = 0;
  if (nullable && (i >= info.Length() || info[i].IsNull() || info[i].IsUndefined())) return true;
  Napi::Uint8Array a;
  if (i >= info.Length() || !AsUint8(info[i], &a)) {
    Napi::TypeError::New(info.Env(), "expected a Uint8Array argument").ThrowAsJavaScriptException();
    return false;
  }
  out->data = a.Data();
  out->length = a.ByteLength();
  return true;
}

bool ArgBytes(const Napi::CallbackInfo& info, size_t i, ByteRange* out) {
  ByteRange whole;
  int64_t off = 0;
  int64_t len = 0;
  if (!ArgWholeBytes(info, i, &whole, false) || !ArgInt(info, i + 1, &off) || !ArgInt(info, i + 2, &len))
    return false;
  if (off < 0 || len < 0 || static_cast<uint64_t>(off + len) > whole.length) {
    Napi::RangeError::New(info.Env(), "offset/length outside the buffer").ThrowAsJavaScriptException();
    return false;
  }
  out->data = whole.data + off;
  out->length = static_cast<size_t>(len);
  return true;
}

bool ArgInt32Array(const Napi::CallbackInfo& info, size_t i, size_t minLen, int32_t** out) {
  if (i < info.Length() && info[i].IsTypedArray()) {
    Napi::TypedArray ta = info[i].As<Napi::TypedArray>();
    if (ta.TypedArrayType() == napi_int32_array && ta.ElementLength() >= minLen) {
      *out = info[i].As<Napi::Int32Array>().Data();
      return true;
    }
  }
  Napi::TypeError::New(info.Env(), "expected an Int32Array argument").ThrowAsJavaScriptException();
  return false;
}

// Builds a sockaddr from 4 (IPv4) or 16 (IPv6) address octets. Returns false on another length.
bool FillSockaddr(const ByteRange& a, int port, uint32_t scope, sockaddr_storage* ss, socklen_t* len) {
  std::memset(ss, 0, sizeof *ss);
  if (a.length == 4) {
    auto* s = reinterpret_cast<sockaddr_in*>(ss);
    s->sin_family = AF_INET;
    s->sin_port = htons(static_cast<uint16_t>(port));
    std::memcpy(&s->sin_addr, a.data, 4);
    *len = sizeof(sockaddr_in);
    return true;
  }
  if (a.length == 16) {
    auto* s = reinterpret_cast<sockaddr_in6*>(ss);
    s->sin6_family = AF_INET6;
    s->sin6_port = htons(static_cast<uint16_t>(port));
    s->sin6_scope_id = scope;
    std::memcpy(&s->sin6_addr, a.data, 16);
    *len = sizeof(sockaddr_in6);
    return true;
  }
  return false;
}

// Writes family/port/scope into meta[0..2] and the address octets into addr (16 bytes available).
void ReadSockaddr(const sockaddr_storage& ss, int32_t* meta, uint8_t* addr) {
  meta[0] = ss.ss_family;
  if (ss.ss_family == AF_INET) {
    const auto* s = reinterpret_cast<const sockaddr_in*>(&ss);
    meta[1] = ntohs(s->sin_port);
    meta[2] = 0;
    std::memcpy(addr, &s->sin_addr, 4);
  } else if (ss.ss_family == AF_INET6) {
    const auto* s = reinterpret_cast<const sockaddr_in6*>(&ss);
    meta[1] = ntohs(s->sin6_port);
    meta[2] = static_cast<int32_t>(s->sin6_scope_id);
    std::memcpy(addr, &s->sin6_addr, 16);
  } else if (ss.ss_family == AF_NETLINK) {
    const auto* s = reinterpret_cast<const sockaddr_nl*>(&ss);
    meta[1] = static_cast<int32_t>(s->nl_pid);
    meta[2] = static_cast<int32_t>(s->nl_groups);
  }
}

// socket(domain, type, protocol) -> fd; always non-blocking and close-on-exec.
static Napi::Value Socket(const Napi::CallbackInfo& info) {
  int64_t domain, type, proto;
  if (!ArgInt(info, 0, &domain) || !ArgInt(info, 1, &type) || !ArgInt(info, 2, &proto)) return info.Env().Null();
  int fd = socket(static_cast<int>(domain), static_cast<int>(type) | SOCK_NONBLOCK | SOCK_CLOEXEC,
                  static_cast<int>(proto));
  return fd < 0 ? Errno(info.Env(), errno) : Num(info.Env(), fd);
}

static Napi::Value Close(const Napi::CallbackInfo& info) {
  int64_t fd;
  if (!ArgInt(info, 0, &fd)) return info.Env().Null();
  // Linux always releases the descriptor, even when close() reports EINTR: never retry.
  return close(static_cast<int>(fd)) < 0 ? Errno(info.Env(), errno) : Num(info.Env(), 0);
}

// bindNetlink(fd, pid, groups): pid 0 lets the kernel choose the port id.
static Napi::Value BindNetlink(const Napi::CallbackInfo& info) {
  int64_t fd, pid, groups;
  if (!ArgInt(info, 0, &fd) || !ArgInt(info, 1, &pid) || !ArgInt(info, 2, &groups)) return info.Env().Null();
  sockaddr_nl sa{};
  sa.nl_family = AF_NETLINK;
  sa.nl_pid = static_cast<uint32_t>(pid);
  sa.nl_groups = static_cast<uint32_t>(groups);
  int r = bind(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&sa), sizeof sa);
  return r < 0 ? Errno(info.Env(), errno) : Num(info.Env(), 0);
}

// bindInet(fd, addr(4|16 octets), port, scopeId) / connectInet(...): same arguments.
static Napi::Value AddrCall(const Napi::CallbackInfo& info, bool connecting) {
  int64_t fd, port, scope;
  ByteRange a;
  if (!ArgInt(info, 0, &fd) || !ArgWholeBytes(info, 1, &a, false) || !ArgInt(info, 2, &port) ||
      !ArgInt(info, 3, &scope))
    return info.Env().Null();
  sockaddr_storage ss;
  socklen_t len;
  if (!FillSockaddr(a, static_cast<int>(port), static_cast<uint32_t>(scope), &ss, &len))
    return Errno(info.Env(), EAFNOSUPPORT);
  int r;
  do {
    r = connecting ? connect(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&ss), len)
                   : bind(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&ss), len);
  } while (r < 0 && errno == EINTR && !connecting);
  return r < 0 ? Errno(info.Env(), errno) : Num(info.Env(), 0);
}
static Napi::Value BindInet(const Napi::CallbackInfo& info) { return AddrCall(info, false); }
static Napi::Value ConnectInet(const Napi::CallbackInfo& info) { return AddrCall(info, true); }

static Napi::Value Listen(const Napi::CallbackInfo& info) {
  int64_t fd, backlog;
  if (!ArgInt(info, 0, &fd) || !ArgInt(info, 1, &backlog)) return info.Env().Null();
  return listen(static_cast<int>(fd), static_cast<int>(backlog)) < 0 ? Errno(info.Env(), errno)
                                                                      : Num(info.Env(), 0);
}

// setsockoptInt(fd, level, name, value)
static Napi::Value SetsockoptInt(const Napi::CallbackInfo& info) {
  int64_t fd, level, name, value;
  if (!ArgInt(info, 0, &fd) || !ArgInt(info, 1, &level) || !ArgInt(info, 2, &name) || !ArgInt(info, 3, &value))
    return info.Env().Null();
  int v = static_cast<int>(value);
  int r = setsockopt(static_cast<int>(fd), static_cast<int>(level), static_cast<int>(name), &v, sizeof v);
  return r < 0 ? Errno(info.Env(), errno) : Num(info.Env(), 0);
}

// getsockoptInt(fd, level, name, out: Int32Array) -> 0, value in out[0]
static Napi::Value GetsockoptInt(const Napi::CallbackInfo& info) {
  int64_t fd, level, name;
  int32_t* out;
  if (!ArgInt(info, 0, &fd) || !ArgInt(info, 1, &level) || !ArgInt(info, 2, &name) ||
      !ArgInt32Array(info, 3, 1, &out))
    return info.Env().Null();
  int v = 0;
  socklen_t len = sizeof v;
  int r = getsockopt(static_cast<int>(fd), static_cast<int>(level), static_cast<int>(name), &v, &len);
  if (r < 0) return Errno(info.Env(), errno);
  out[0] = v;
  return Num(info.Env(), 0);
}

// setsockoptBuf(fd, level, name, bytes)
static Napi::Value SetsockoptBuf(const Napi::CallbackInfo& info) {
  int64_t fd, level, name;
  ByteRange b;
  if (!ArgInt(info, 0, &fd) || !ArgInt(info, 1, &level) || !ArgInt(info, 2, &name) ||
      !ArgWholeBytes(info, 3, &b, false))
    return info.Env().Null();
  int r = setsockopt(static_cast<int>(fd), static_cast<int>(level), static_cast<int>(name), b.data,
                     static_cast<socklen_t>(b.length));
  return r < 0 ? Errno(info.Env(), errno) : Num(info.Env(), 0);
}

// getsockoptBuf(fd, level, name, out: Uint8Array) -> bytes written
static Napi::Value GetsockoptBuf(const Napi::CallbackInfo& info) {
  int64_t fd, level, name;
  ByteRange b;
  if (!ArgInt(info, 0, &fd) || !ArgInt(info, 1, &level) || !ArgInt(info, 2, &name) ||
      !ArgWholeBytes(info, 3, &b, false))
    return info.Env().Null();
  socklen_t len = static_cast<socklen_t>(b.length);
  int r = getsockopt(static_cast<int>(fd), static_cast<int>(level), static_cast<int>(name), b.data, &len);
  return r < 0 ? Errno(info.Env(), errno) : Num(info.Env(), len);
}

// send(fd, buf, offset, length, flags) -> bytes sent. Netlink: an unconnected socket sends to the kernel.
static Napi::Value Send(const Napi::CallbackInfo& info) {
  int64_t fd, flags;
  ByteRange b;
  if (!ArgInt(info, 0, &fd) || !ArgBytes(info, 1, &b) || !ArgInt(info, 4, &flags)) return info.Env().Null();
  ssize_t n;
  do n = send(static_cast<int>(fd), b.data, b.length, static_cast<int>(flags) | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n < 0 ? Errno(info.Env(), errno) : Num(info.Env(), static_cast<double>(n));
}

// recv(fd, buf, offset, length, flags) -> bytes received (with MSG_TRUNC: the datagram's real length).
static Napi::Value Recv(const Napi::CallbackInfo& info) {
  int64_t fd, flags;
  ByteRange b;
  if (!ArgInt(info, 0, &fd) || !ArgBytes(info, 1, &b) || !ArgInt(info, 4, &flags)) return info.Env().Null();
  ssize_t n;
  do n = recv(static_cast<int>(fd), b.data, b.length, static_cast<int>(flags));
  while (n < 0 && errno == EINTR);
  return n < 0 ? Errno(info.Env(), errno) : Num(info.Env(), static_cast<double>(n));
}

// recvBatch(fd, buf, offset, length, maxDatagram, out: Int32Array(3)) -> total bytes
//   Netlink answers each request with its own datagram (one ACK each), so a batch of 4000 routes means
//   4000 datagrams. This drains them in one call: datagrams are stored back to back, each padded to 4
//   octets (netlink messages are 4-aligned, so the result parses as one stream). It stops at EAGAIN, at an
//   error, or when less than maxDatagram octets of room are left.
//   out = [errno that stopped it (0: out of room), datagrams received, datagrams truncated]
static Napi::Value RecvBatch(const Napi::CallbackInfo& info) {
  int64_t fd, maxDatagram;
  ByteRange b;
  int32_t* out;
  if (!ArgInt(info, 0, &fd) || !ArgBytes(info, 1, &b) || !ArgInt(info, 4, &maxDatagram) ||
      !ArgInt32Array(info, 5, 3, &out))
    return info.Env().Null();
  size_t used = 0;
  out[0] = 0;
  out[1] = 0;
  out[2] = 0;
  while (b.length - used >= static_cast<size_t>(maxDatagram > 0 ? maxDatagram : 1)) {
    size_t room = b.length - used;
    ssize_t n = recv(static_cast<int>(fd), b.data + used, room, MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0) {
      if (errno == EINTR) continue;
      out[0] = errno;
      break;
    }
    out[1]++;
    size_t got = static_cast<size_t>(n);
    if (got > room) {
      out[2]++;
      got = room;
    }
    size_t padded = (got + 3) & ~static_cast<size_t>(3);
    if (padded > room) padded = room;
    for (size_t i = got; i < padded; i++) b.data[used + i] = 0;
    used += padded;
  }
  return Num(info.Env(), static_cast<double>(used));
}

// getsockname(fd, meta: Int32Array(3), addr: Uint8Array(16)) -> 0; meta = [family, port|nl_pid, scope|groups]
static Napi::Value Getsockname(const Napi::CallbackInfo& info) {
  int64_t fd;
  int32_t* meta;
  ByteRange addr;
  if (!ArgInt(info, 0, &fd) || !ArgInt32Array(info, 1, 3, &meta) || !ArgWholeBytes(info, 2, &addr, false))
    return info.Env().Null();
  if (addr.length < 16) {
    Napi::RangeError::New(info.Env(), "address buffer must hold 16 octets").ThrowAsJavaScriptException();
    return info.Env().Null();
  }
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&ss), &len) < 0)
    return Errno(info.Env(), errno);
  ReadSockaddr(ss, meta, addr.data);
  return Num(info.Env(), 0);
}

static Napi::Value IfNameToIndex(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(info.Env(), "expected an interface name").ThrowAsJavaScriptException();
    return info.Env().Null();
  }
  unsigned idx = if_nametoindex(info[0].As<Napi::String>().Utf8Value().c_str());
  return idx == 0 ? Errno(info.Env(), errno) : Num(info.Env(), idx);
}

void InitMsg(Napi::Env env, Napi::Object exports);
void InitTcp(Napi::Env env, Napi::Object exports);

void InitSockets(Napi::Env env, Napi::Object exports) {
  exports.Set("socket", Napi::Function::New(env, Socket, "socket"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  exports.Set("bindNetlink", Napi::Function::New(env, BindNetlink, "bindNetlink"));
  exports.Set("bindInet", Napi::Function::New(env, BindInet, "bindInet"));
  exports.Set("connectInet", Napi::Function::New(env, ConnectInet, "connectInet"));
  exports.Set("listen", Napi::Function::New(env, Listen, "listen"));
  exports.Set("setsockoptInt", Napi::Function::New(env, SetsockoptInt, "setsockoptInt"));
  exports.Set("getsockoptInt", Napi::Function::New(env, GetsockoptInt, "getsockoptInt"));
  exports.Set("setsockoptBuf", Napi::Function::New(env, SetsockoptBuf, "setsockoptBuf"));
  exports.Set("getsockoptBuf", Napi::Function::New(env, GetsockoptBuf, "getsockoptBuf"));
  exports.Set("send", Napi::Function::New(env, Send, "send"));
  exports.Set("recv", Napi::Function::New(env, Recv, "recv"));
  exports.Set("recvBatch", Napi::Function::New(env, RecvBatch, "recvBatch"));
  exports.Set("getsockname", Napi::Function::New(env, Getsockname, "getsockname"));
  exports.Set("ifNameToIndex", Napi::Function::New(env, IfNameToIndex, "ifNameToIndex"));
  InitMsg(env, exports);
  InitTcp(env, exports);
}

}  // namespace noverlay
