// docker-modem's redirect-following HTTP wrapper; Wharf only sets its redirect limit.
declare module 'docker-modem/lib/http.js' {
  const http: { maxRedirects: number };
  export default http;
}
