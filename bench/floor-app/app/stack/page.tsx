import { StackClient } from './stack-client';

export default function StackPage() {
  return <StackClient />;
}
