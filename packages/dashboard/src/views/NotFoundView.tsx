import { useTitle } from '../app/hooks.js';
import { Link } from '../components/Link.js';

export function NotFoundView() {
  useTitle('Not found');
  return (
    <div className="view">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to the executive overview</Link>
      </p>
    </div>
  );
}
