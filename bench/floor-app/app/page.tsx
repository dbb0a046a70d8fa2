export default function EmptyPage() {
  return <p>empty</p>;
}
