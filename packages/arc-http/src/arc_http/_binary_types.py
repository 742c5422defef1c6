"""The media types whose string bodies are taken to be base64 already."""

from __future__ import annotations

__all__ = ["BINARY_TYPES"]

# Node's list, unchanged (src/http/helpers/binary-types.js; 1.0.0 has the same 51). A
# string body with one of these content types is flagged `isBase64Encoded` as it is.
BINARY_TYPES = frozenset(
    {
        "application/octet-stream",
        # documents
        "application/epub+zip",
        "application/msword",
        "application/pdf",
        "application/rtf",
        "application/vnd.amazon.ebook",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        # fonts
        "font/otf",
        "font/woff",
        "font/woff2",
        # images
        "image/avif",
        "image/bmp",
        "image/gif",
        "image/jpeg",
        "image/png",
        "image/tiff",
        "image/vnd.microsoft.icon",
        "image/webp",
        # audio
        "audio/3gpp",
        "audio/aac",
        "audio/basic",
        "audio/mpeg",
        "audio/ogg",
        "audio/wav",
        "audio/webm",
        "audio/x-aiff",
        "audio/x-midi",
        "audio/x-wav",
        # video
        "video/3gpp",
        "video/mp2t",
        "video/mpeg",
        "video/ogg",
        "video/quicktime",
        "video/webm",
        "video/x-msvideo",
        # archives
        "application/java-archive",
        "application/vnd.apple.installer+xml",
        "application/x-7z-compressed",
        "application/x-apple-diskimage",
        "application/x-bzip",
        "application/x-bzip2",
        "application/x-gzip",
        "application/x-java-archive",
        "application/x-rar-compressed",
        "application/x-tar",
        "application/x-zip",
        "application/zip",
    }
)
