import { startFailureText } from '../http/bootstrap';
import { KafkaConnectionStatus } from './connection-status';
import { refusalOf, RefusalReporter } from './refusals';

const aclError = Object.assign(new Error('Not authorized to access topics: [Topic authorization failed]'), { type: 'TOPIC_AUTHORIZATION_FAILED' });
const wrapped = Object.assign(new Error('Number of retries exceeded'), { name: 'KafkaJSNonRetriableError', cause: aclError });

describe('refusals by the broker', () => {
  it('are recognised through kafkajs wrappers, and nothing else is', () => {
    expect(refusalOf(wrapped)).toBe('TOPIC_AUTHORIZATION_FAILED');
    expect(refusalOf(Object.assign(new Error('SASL SCRAM SHA512 authentication failed'), { name: 'KafkaJSSASLAuthenticationError' }))).toBe('SASL_AUTHENTICATION_FAILED');
    expect(refusalOf(Object.assign(new Error('leader moved'), { type: 'NOT_LEADER_FOR_PARTITION' }))).toBeUndefined();
    expect(refusalOf(new Error('ECONNREFUSED'))).toBeUndefined();
  });

  it('take a component down in health until it works again, and say which principal and topic', () => {
    const status = new KafkaConnectionStatus();
    status.stream('producer').next('connected');
    const reporter = new RefusalReporter('supplier-reporting', status);
    expect(reporter.report('producer', 'write', ['inkijk.query.attributed.v1'], wrapped)).toBe(true);
    expect(status.check()).toEqual({ status: 'down', detail: 'producer: refused, principal supplier-reporting may not write inkijk.query.attributed.v1 (TOPIC_AUTHORIZATION_FAILED)' });
    expect(reporter.report('producer', 'write', ['x'], new Error('timeout'))).toBe(false);
    status.clearRefusal('producer');
    expect(status.check()).toEqual({ status: 'up' });
  });

  it('end a service start with one readable line instead of a stack', () => {
    const text = startFailureText(Object.assign(new Error('SASL SCRAM SHA512 authentication failed: invalid credentials'), { name: 'KafkaJSSASLAuthenticationError' }));
    expect(text.split('\n')).toHaveLength(1);
    expect(text).toMatch(/^The Kafka broker refused this service \(SASL_AUTHENTICATION_FAILED\).*Check KAFKA_USERNAME and KAFKA_PASSWORD/);
  });
});
