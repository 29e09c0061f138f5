// Shared helpers for the noverlay native addon: argument checks and the errno convention.
//
// Convention: every system call wrapper returns a JS number, >= 0 on success and -errno on failure, so the
// TypeScript layer branches on values (EAGAIN, ENOBUFS, EINPROGRESS...) without exceptions. Bad argument
// types are programmer bugs and throw a TypeError.
#pragma once

#include <napi.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace noverlay {

// Returns false (with a pending TypeError) unless info[i] is a number; stores it as int64 in *out.
bool ArgInt(const Napi::CallbackInfo& info, size_t i, int64_t* out);

// A byte range of a Uint8Array/Buffer argument: info[i] plus (offset, length) at info[i+1], info[i+2].
struct ByteRange {
  uint8_t* data = nullptr;
  size_t length = 0;
};
bool ArgBytes(const Napi::CallbackInfo& info, size_t i, ByteRange* out);
// The whole Uint8Array at info[i]; `nullable` accepts null/undefined (data stays nullptr).
bool ArgWholeBytes(const Napi::CallbackInfo& info, size_t i, ByteRange* out, bool nullable);

// info[i] must be an Int32Array with at least minLen elements.
bool ArgInt32Array(const Napi::CallbackInfo& info, size_t i, size_t minLen, int32_t** out);

// sockaddr from 4 (IPv4) or 16 (IPv6) octets; false for any other length.
bool FillSockaddr(const ByteRange& a, int port, uint32_t scope, sockaddr_storage* ss, socklen_t* len);
// meta[0..2] = family, port (or netlink pid), scope id (or netlink groups); addr receives 4 or 16 octets.
void ReadSockaddr(const sockaddr_storage& ss, int32_t* meta, uint8_t* addr);

inline Napi::Value Errno(Napi::Env env, int e) { return Napi::Number::New(env, -e); }
inline Napi::Value Num(Napi::Env env, double v) { return Napi::Number::New(env, v); }

void InitSockets(Napi::Env env, Napi::Object exports);
void InitPoller(Napi::Env env, Napi::Object exports);
void InitConstants(Napi::Env env, Napi::Object exports);

}  // namespace noverlay
