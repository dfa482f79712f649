// Default settings for the chat page. scripts/serve_web.py generates this file from its arguments;
// a site that hosts web/ itself edits it (see docs/web.md).
window.WERELDWIJS_CONFIG = {
  rasaUrl: "http://localhost:5005",  // Rasa server with the socketio channel enabled
  socketPath: "/socket.io",          // credentials.yml socketio_path
  transports: ["websocket"],         // add "polling" only when Rasa runs with --cors
  storage: "local",                  // "local" keeps the chat across tabs and restarts, "session" per tab
  allowServerParam: false            // honour ?server=URL for non-loopback URLs (loopback is always allowed)
};
