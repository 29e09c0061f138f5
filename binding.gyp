{
  "targets": [
    {
      "target_name": "noverlay_native",
      "sources": [
        "native/src/addon.cc",
        "native/src/sockets.cc",
        "native/src/msg.cc",
        "native/src/tcp.cc",
        "native/src/poller.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra", "-Wno-missing-field-initializers"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}
