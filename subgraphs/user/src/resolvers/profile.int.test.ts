import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserTestStack, signUp, USER_FIELDS } from '../testing/userTestStack.ts';
import type { TestServer, UserTestStack } from '../testing/userTestStack.ts';

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdateProfileInput!) {
    updateProfile(input: $input) { ${USER_FIELDS} }
  }
`;
const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on User {
        id
        username
        email
      }
    }
  }
`;

describe('profile and the User entity', () => {
  let stack: UserTestStack;
  let server: TestServer;

  beforeAll(async () => {
    stack = await createUserTestStack('profile');
    server = await stack.startServer();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('answers me for the token subject, and null without a token', async () => {
    const session = await signUp(stack, server);
    const me = await server.gql(`{ me { ${USER_FIELDS} } }`, {}, { token: session.accessToken });
    expect(me.data).toEqual({ me: session.user });
    expect((await server.gql('{ me { id } }')).data).toEqual({ me: null });
  });

  it('updates the profile, validating and normalizing each field', async () => {
    const session = await signUp(stack, server);
    const other = await signUp(stack, server);
    const token = session.accessToken;
    const updated = await server.gql(
      UPDATE,
      { input: { lastName: 'Lovelace', baseCurrency: 'jpy', timeZone: 'Asia/Tokyo' } },
      { token },
    );
    expect(updated.data).toEqual({
      updateProfile: {
        ...session.user,
        lastName: 'Lovelace',
        baseCurrency: 'JPY',
        timeZone: 'Asia/Tokyo',
      },
    });
    const cleared = await server.gql(UPDATE, { input: { lastName: null } }, { token });
    expect(cleared.data).toMatchObject({ updateProfile: { lastName: null, baseCurrency: 'JPY' } });

    // Each change goes out as USER_PROFILE_UPDATED with a growing profile version
    const changes = (await stack.userEvents()).filter(
      (e) => e.type === 'USER_PROFILE_UPDATED' && e.subject === session.user.id,
    );
    expect(changes.map((e) => e.data)).toEqual([
      expect.objectContaining({
        lastName: 'Lovelace',
        baseCurrency: 'JPY',
        timeZone: 'Asia/Tokyo',
        profileVersion: 2,
      }),
      expect.objectContaining({ lastName: null, baseCurrency: 'JPY', profileVersion: 3 }),
    ]);

    const taken = await server.gql(
      UPDATE,
      { input: { username: other.identity.username } },
      { token },
    );
    expect(taken.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.username',
    });
    const badZone = await server.gql(UPDATE, { input: { timeZone: 'Nowhere/Land' } }, { token });
    expect(badZone.errors?.[0]?.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.timeZone',
    });
    expect(
      (await server.gql(UPDATE, { input: { firstName: 'X' } })).errors?.[0]?.extensions?.['code'],
    ).toBe('UNAUTHENTICATED');
  });

  it('resolves the User entity for its own subject only', async () => {
    const session = await signUp(stack, server);
    const other = await signUp(stack, server);
    const representations = [
      { __typename: 'User', id: session.user.id },
      { __typename: 'User', id: other.user.id },
      { __typename: 'User', id: 'not-a-uuid' },
    ];
    const result = await server.gql(ENTITIES, { representations }, { token: session.accessToken });
    expect(result.data).toEqual({
      _entities: [
        { id: session.user.id, username: session.identity.username, email: session.identity.email },
        null,
        null,
      ],
    });
    const sdl = await server.gql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(sdl.data?._service.sdl).toMatch(/type User\s+@key\(fields: "id"\)/);
  });
});
