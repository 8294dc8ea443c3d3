// CloudFront Function (viewer request) on the front-end behaviour: a path without a file
// extension is a client-side route of the single-page app, so it is served /index.html.
// Assets (a dot in the last segment) pass unchanged: a missing one stays an error.
function handler(event) {
  var request = event.request;
  var last = request.uri.split("/").pop();
  if (last.indexOf(".") === -1) {
    request.uri = "/index.html";
  }
  return request;
}
