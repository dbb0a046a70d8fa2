export default function Page() {
  return <main>Wharf</main>;
}
